// The action bar: Save, Revert and, for a credential that signs people in, "Test Sign-In…" (it
// tests the credential as saved and leaves the draft alone); while confirming a secret reset,
// "Confirm reset and save" and Back with a warning; while saving, the progress phase and Cancel.
// The status line is the form's polite live region (progress, "reverted", "restored", server
// field errors).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { el, setText, show } from './dom';
import { PHASE_TEXT } from './labels';
import { canSave, canTestSignIn, isDirty, offersTestSignIn, type FormState, type UserAction } from './state';
import type { Section } from './section';

export interface ActionsSection extends Section {
  readonly cancel: HTMLElementTagNameMap['vscode-button'];
  readonly save: HTMLElementTagNameMap['vscode-button'];
}

export function createActions(dispatch: (action: UserAction) => void): ActionsSection {
  const save = el('vscode-button', { id: 'save' }, 'Save');
  const revert = el('vscode-button', { id: 'revert', secondary: true }, 'Revert');
  const back = el('vscode-button', { id: 'back', secondary: true, hidden: true }, 'Back');
  const cancel = el('vscode-button', { id: 'cancel-save', secondary: true, hidden: true }, 'Cancel');
  const testSignIn = el(
    'vscode-button',
    { id: 'test-sign-in', secondary: true, hidden: true, title: 'Sign in with this credential as saved on the server (unsaved changes are not used)' },
    'Test Sign-In…',
  );
  const status = el('p', { class: 'status', id: 'status', role: 'status' });
  const confirm = el(
    'div',
    { class: 'notice warning confirm', id: 'confirm-reset', role: 'alert', hidden: true },
    el('strong', {}, 'Reset the client secret? '),
    'The current secret stops working as soon as you confirm, and this cannot be undone.',
  );
  save.addEventListener('click', () => dispatch({ type: 'save' }));
  revert.addEventListener('click', () => dispatch({ type: 'revert' }));
  back.addEventListener('click', () => {
    dispatch({ type: 'cancelConfirm' });
    save.focus();
  });
  cancel.addEventListener('click', () => dispatch({ type: 'cancelSave' }));
  testSignIn.addEventListener('click', () => dispatch({ type: 'testSignIn' }));

  const element = el('div', { class: 'actions' }, confirm, el('div', { class: 'buttons' }, save, back, revert, testSignIn, cancel, status));
  return {
    element,
    save,
    cancel,
    update(state: FormState) {
      const activity = state.activity;
      const confirming = activity.kind === 'confirmingReset';
      const saving = activity.kind === 'saving';
      setText(save, confirming ? 'Confirm reset and save' : 'Save');
      save.disabled = !canSave(state);
      show(confirm, confirming);
      show(back, confirming);
      show(revert, !confirming && !saving);
      revert.disabled = saving || !isDirty(state);
      show(testSignIn, offersTestSignIn(state));
      testSignIn.disabled = !canTestSignIn(state);
      show(cancel, saving);
      cancel.disabled = saving && activity.cancelRequested;
      setText(cancel, saving && activity.cancelRequested ? 'Cancelling…' : 'Cancel');
      setText(status, saving ? PHASE_TEXT[activity.phase] : (state.notice ?? ''));
      element.classList.toggle('busy', saving);
    },
  };
}
