// The frame every field shares: a label, the control, a helper line and an error line. The error
// is tied to the control for assistive technology: aria-invalid and aria-describedby on the
// element, and on the native input inside its shadow root where the browser lets us reference it.
import '@vscode-elements/elements/dist/vscode-label/index.js';
import { el, setAttr, setText, show } from './dom';

export interface FieldMessage {
  text: string;
  hint: string | undefined;
}

export interface FieldShell {
  readonly element: HTMLDivElement;
  readonly label: HTMLElementTagNameMap['vscode-label'];
  readonly helper: HTMLParagraphElement;
  readonly error: HTMLDivElement;
  /** Shows the message (or none) and marks the given controls (in)valid. */
  setMessage(message: FieldMessage | undefined, controls: readonly HTMLElement[]): void;
}

export interface FieldShellOptions {
  /** The id of the control; the label points at it and the helper and error ids derive from it. */
  id: string;
  label: string;
  helper: string;
  control: Node;
  /** For a group of controls: the label names the group instead of pointing at one control. */
  group?: boolean;
}

export function fieldShell(options: FieldShellOptions): FieldShell {
  const label = el('vscode-label', options.group ? { id: `${options.id}-label` } : { for: options.id }, options.label);
  const helper = el('p', { class: 'helper', id: `${options.id}-help` }, options.helper);
  const errorText = el('span', { class: 'error-text' });
  const errorHint = el('span', { class: 'error-hint' });
  const error = el('div', { class: 'field-error', id: `${options.id}-error`, hidden: true }, errorText, errorHint);
  // The error right under the control, as VS Code's settings editor shows it.
  const element = el('div', { class: 'field', 'data-field': options.id }, label, options.control, error, helper);
  return {
    element,
    label,
    helper,
    error,
    setMessage(message, controls) {
      setText(errorText, message?.text ?? '');
      setText(errorHint, message?.hint ?? '');
      show(errorHint, message?.hint !== undefined && message.hint !== '');
      show(error, message !== undefined);
      element.classList.toggle('invalid', message !== undefined);
      for (const control of controls) describe(control, message !== undefined, [helper, error]);
    },
  };
}

interface Invalidable extends HTMLElement {
  invalid?: boolean;
  wrappedElement?: HTMLElement | null;
  updateComplete?: Promise<unknown>;
}

/** Marks a control (and its inner native input, once rendered) invalid or valid and describes it. */
export function describe(control: Invalidable, invalid: boolean, descriptions: readonly HTMLElement[]): void {
  setAttr(control, 'aria-invalid', invalid ? 'true' : undefined);
  setAttr(control, 'aria-describedby', descriptions.map((d) => d.id).join(' '));
  if ('invalid' in control && control.invalid !== invalid) control.invalid = invalid;
  const inner = (): void => {
    const input = control.wrappedElement;
    if (!input) return;
    setAttr(input, 'aria-invalid', invalid ? 'true' : undefined);
    // IDs do not cross a shadow root; element references (where supported) do.
    if ('ariaDescribedByElements' in input) Object.assign(input, { ariaDescribedByElements: [...descriptions] });
  };
  if (control.updateComplete) void control.updateComplete.then(inner);
  else inner();
}
