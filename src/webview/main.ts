// Browser entry of the update form: connects to VS Code, turns host messages and user actions
// into the next state (state.ts), draws it (view.ts) and keeps the draft in the webview state so
// it survives hiding and reloads. Nothing is rendered from host data except as text.
import { parseHostMessage } from './hostMessages';
import { isFromHost } from './hostSender';
import { keyAction } from './keyboard';
import { parsePersistedDraft } from './persistence';
import { changedElsewhere, initialState, persistedDraftOf, receive, reduce, type FormState, type Step, type UserAction } from './state';
import { createFormView, type FormView } from './view';
import { connectToHost } from './vscodeApi';

const host = connectToHost();
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
let state: FormState | undefined;
let view: FormView | undefined;

function dispatch(action: UserAction): void {
  if (state) apply(reduce(state, action));
}

function apply(step: Step): void {
  state = step.state;
  if (step.send) host.post(step.send);
  host.writeState(persistedDraftOf(state));
  if (!view) {
    view = createFormView(dispatch, copyText);
    // The form has its own live regions (status line, banners): the page-wide one would read
    // every field change aloud.
    app.removeAttribute('aria-live');
    app.replaceChildren(view.element);
  }
  view.update(state);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host speaks to the form: not the page itself, a frame in it, or another webview.
  if (!isFromHost(event, window)) return;
  const message = parseHostMessage(event.data);
  if (!message) return;
  if (message.type === 'load') {
    apply({ state: initialState(message, parsePersistedDraft(host.readState())), send: undefined });
  } else if (message.type === 'changed') {
    if (state) apply(changedElsewhere(state, message.credential));
  } else if (state) {
    apply({ state: receive(state, message), send: undefined });
  }
});

document.addEventListener('keydown', (event) => {
  if (!state) return;
  const target = event.target instanceof Element ? event.target.localName : '';
  const action = keyAction(
    {
      key: event.key,
      ctrlOrMeta: event.ctrlKey || event.metaKey,
      shiftOrAlt: event.shiftKey || event.altKey,
      composing: event.isComposing,
      defaultPrevented: event.defaultPrevented,
      target: target === 'vscode-textfield' ? 'singleLine' : target === 'vscode-textarea' ? 'multiLine' : 'other',
    },
    state,
  );
  if (!action) return;
  event.preventDefault();
  dispatch(action);
});

/** The client ID is not a secret: the page copies it itself (VS Code lets webviews write the clipboard). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

app.textContent = 'Loading the credential…';
host.post({ type: 'ready' });
