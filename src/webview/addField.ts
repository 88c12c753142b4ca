// A text field with an Add button, for adding items to a list (scopes, redirect URIs). Enter with
// text in the field adds (and is kept from the form's Enter-saves shortcut); Enter in an empty
// field falls through to it.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { el } from './dom';

export interface AddField {
  readonly element: HTMLDivElement;
  readonly input: HTMLElementTagNameMap['vscode-textfield'];
  readonly button: HTMLElementTagNameMap['vscode-button'];
  setDisabled(disabled: boolean): void;
}

export function addField(options: { id: string; label: string; placeholder: string; buttonLabel: string; onAdd: (text: string) => void }): AddField {
  const input = el('vscode-textfield', { id: options.id, placeholder: options.placeholder, class: 'add-input' });
  const button = el('vscode-button', { secondary: true, 'aria-label': options.buttonLabel }, 'Add');
  const add = (): void => {
    if (input.value.trim() === '') return;
    options.onAdd(input.value);
    input.value = '';
  };
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (input.value.trim() === '') return;
    event.preventDefault();
    add();
  });
  button.addEventListener('click', () => {
    add();
    input.focus();
  });
  const label = el('vscode-label', { for: options.id, class: 'sub-label' }, el('span', { class: 'normal' }, options.label));
  const element = el('div', { class: 'add-row' }, label, el('div', { class: 'add-controls' }, input, button));
  return {
    element,
    input,
    button,
    setDisabled(disabled) {
      input.disabled = disabled;
      button.disabled = disabled;
    },
  };
}
