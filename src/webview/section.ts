// What every part of the form view is: an element that redraws itself from the form state. On its
// own so that the view and its renderers do not import each other.
import type { FormState } from './state';

export interface Section {
  readonly element: HTMLElement;
  update(state: FormState): void;
}

export interface FieldSection extends Section {
  focus(): void;
}
