// Whether a message event comes from the extension host. Inside VS Code the page runs in the
// inner frame ('active-frame') of the webview's outer frame (pre/index.html), and the host's
// messages are posted by that outer frame: the same origin as this page, and the window that holds
// this page as one of its frames. VS Code sets `window.parent = window` in the page, so
// `event.source === window.parent` would accept the page's own postMessage and refuse the host;
// the real parent is recognised by its frames instead. Checked in code-server: every host message
// has origin === window.origin and a source whose frames include this window.
export interface MessageOrigin {
  readonly origin: string;
  readonly source: unknown;
  readonly isTrusted: boolean;
}

/** At most this many sibling frames are looked through (the outer frame holds one or two). */
const MAX_FRAMES = 16;

export function isFromHost(event: MessageOrigin, self: Window): boolean {
  if (!event.isTrusted || event.origin !== self.origin) return false;
  const source = event.source;
  if (source === null || source === self || typeof source !== 'object') return false;
  return holdsFrame(source as Window, self);
}

/** True when `child` is one of `parent`'s frames; indexed frames cannot be faked by a page. */
function holdsFrame(parent: Window, child: Window): boolean {
  try {
    for (let i = 0; i < MAX_FRAMES; i++) {
      const frame = (parent as unknown as ArrayLike<Window | undefined>)[i];
      if (frame === undefined || frame === null) return false;
      if (frame === child) return true;
    }
  } catch {
    // A MessagePort or ServiceWorker source has no frames.
  }
  return false;
}
