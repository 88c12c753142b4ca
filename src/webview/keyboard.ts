// The form's keyboard shortcuts, decided without a DOM: Enter in a single-line field saves,
// Ctrl/Cmd+Enter also from the description, Escape leaves the reset confirmation or reverts the
// draft. Controls that use a key themselves (Enter on a button, Escape in an open
// list, Enter in an "add" field with text) call preventDefault, which is respected here.
import type { FormState, UserAction } from './state';

export interface KeyInput {
  key: string;
  ctrlOrMeta: boolean;
  shiftOrAlt: boolean;
  /** An IME composition is under way: its Enter and Escape belong to it. */
  composing: boolean;
  defaultPrevented: boolean;
  /** What has the focus: a single-line text field, a multi-line one, or anything else. */
  target: 'singleLine' | 'multiLine' | 'other';
}

export function keyAction(input: KeyInput, state: FormState): UserAction | undefined {
  if (input.composing || input.defaultPrevented) return undefined;
  if (input.key === 'Enter' && !input.shiftOrAlt) {
    // Not on buttons or checkboxes: Enter is theirs.
    if (input.target === 'singleLine' || (input.ctrlOrMeta && input.target === 'multiLine')) return { type: 'saveShortcut' };
    return undefined;
  }
  if (input.key === 'Escape' && !input.ctrlOrMeta && !input.shiftOrAlt) {
    if (state.activity.kind === 'confirmingReset') return { type: 'cancelConfirm' };
    if (state.activity.kind === 'editing') return { type: 'revert' };
  }
  return undefined;
}
