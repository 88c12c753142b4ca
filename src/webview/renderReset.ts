// "Reset client secret": off by default; ticking it explains the consequence before anything is
// sent, and Save then asks for an in-page confirmation (see renderActions).
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { el, focusAfterRender, setText, show } from './dom';
import { isLocked, type UserAction } from './state';
import type { FieldSection } from './section';

export function createResetField(dispatch: (action: UserAction) => void): FieldSection {
  const checkbox = el('vscode-checkbox', { id: 'reset-secret', 'aria-describedby': 'reset-secret-help reset-secret-warning' }, 'Reset client secret');
  checkbox.addEventListener('change', () => dispatch({ type: 'setResetSecret', on: checkbox.checked }));
  const helper = el('p', { class: 'helper', id: 'reset-secret-help' }, 'Have WHMCS generate a new client secret when you save.');
  const store = el('span');
  const replaces = el('span');
  const warning = el(
    'div',
    { class: 'notice warning', id: 'reset-secret-warning', hidden: true },
    el('p', {}, el('strong', {}, 'The current secret stops working at once. '), 'Every application that uses it fails to sign in until it is given the new one.'),
    el('p', {}, store, replaces),
  );
  const element = el('div', { class: 'field reset', 'data-field': 'resetSecret' }, checkbox, helper, warning);
  return {
    element,
    focus: () => focusAfterRender(checkbox),
    update(state) {
      if (checkbox.checked !== state.resetSecret) checkbox.checked = state.resetSecret;
      checkbox.disabled = isLocked(state);
      show(warning, state.resetSecret);
      setText(store, `The new secret will be stored in ${state.storeDescription}.`);
      setText(replaces, state.secretHeld ? ' It replaces the secret of this credential stored there now.' : '');
    },
  };
}
