// Times taken inside the page (or a webview's frame) itself: from a person's press (the first
// pointer or key event, seen in the capture phase) until the text shows, at the next frame. No
// Playwright polling lands in the figure. The page's code is plain text: tsx would otherwise wrap
// its functions in a helper that exists only in Node.
import type { Locator, Page } from 'playwright-core';

const ARM = `
  const win = window;
  delete win.__benchPressed;
  const epoch = () => performance.timeOrigin + performance.now();
  if (args.event) document.addEventListener(args.event, () => { win.__benchPressed ??= epoch(); }, { capture: true, once: true });
  else win.__benchPressed = 0;
  const old = new Set(args.newOnly ? Array.from(document.querySelectorAll(args.selector)) : []);
  const present = () => Array.from(document.querySelectorAll(args.selector))
    .some((element) => !old.has(element) && (element.textContent || '').includes(args.text));
  win.__benchShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (win.__benchPressed === undefined || !present()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(epoch()));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
`;

const arm = new Function('_body', 'args', ARM) as (body: unknown, args: unknown) => void;
const shown = new Function('return window.__benchShown') as () => Promise<number>;
const pressed = new Function('return window.__benchPressed ?? NaN') as () => number;

/**
 * Arms one timing in the document of `scope` (the page, or a locator inside a frame): the next
 * `event` starts it (none: only the end is noted), and the first time `text` is in an element
 * matching `selector` after that ends it. `read` waits for the end and gives both, in epoch ms.
 */
export async function armTiming(
  scope: Page | Locator,
  event: 'mousedown' | 'keydown' | undefined,
  selector: string,
  text: string,
  /** Only elements made after arming count (a banner rebuilt per change, unlike reused list rows). */
  newOnly = false,
): Promise<{ read: () => Promise<{ pressedAt: number; shownAt: number }> }> {
  const target = 'goto' in scope ? scope.locator('body') : scope;
  await target.evaluate(arm, { event, selector, text, newOnly });
  return {
    read: async () => {
      // A text that never shows must fail the run, not hang it.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`"${text}" did not show in ${selector} within 60 s`)), 60_000);
      });
      const shownAt = await Promise.race([target.evaluate(shown), timeout]).finally(() => clearTimeout(timer));
      const pressedAt = await target.evaluate(pressed);
      return { pressedAt, shownAt };
    },
  };
}
