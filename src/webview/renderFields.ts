// The single-value fields: name, description, grant type, service ID and logo URI. Each reports
// edits as actions and is brought in line with the state on update, without touching a value
// that already matches (so the caret stays where the person is typing).
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { el, focusAfterRender, setAttr, setText } from './dom';
import { fieldShell } from './fieldShell';
import { FIELD_LABELS, GRANT_TYPE_LABELS } from './labels';
import { fieldMessageOf, grantTypeOptionsOf, isLocked, parseServiceId, type UserAction } from './state';
import type { FieldSection } from './section';

type Dispatch = (action: UserAction) => void;

export function createNameField(dispatch: Dispatch): FieldSection {
  return textField(dispatch, 'name', 'field-name', 'How the application is named on the consent screen. Required for the authorization code grant.');
}

export function createLogoUriField(dispatch: Dispatch): FieldSection {
  return textField(dispatch, 'logoUri', 'field-logo-uri', 'Address of the logo shown on the consent screen (optional).', 'https://app.example.com/logo.png');
}

function textField(dispatch: Dispatch, field: 'name' | 'logoUri', id: string, helper: string, placeholder?: string): FieldSection {
  const input = el('vscode-textfield', { id, placeholder });
  input.addEventListener('input', () => dispatch({ type: 'setText', field, value: input.value }));
  const shell = fieldShell({ id, label: FIELD_LABELS[field], helper, control: input });
  return {
    element: shell.element,
    focus: () => focusAfterRender(input),
    update(state) {
      if (input.value !== state.draft[field]) input.value = state.draft[field];
      input.disabled = isLocked(state);
      shell.setMessage(fieldMessageOf(state, field), [input]);
    },
  };
}

export function createDescriptionField(dispatch: Dispatch): FieldSection {
  const id = 'field-description';
  // Not resizable: the resize handle of VS Code Elements is a data: image, which the CSP (img-src) blocks.
  const input = el('vscode-textarea', { id, rows: 3, resize: 'none' });
  input.addEventListener('input', () => dispatch({ type: 'setText', field: 'description', value: input.value }));
  const shell = fieldShell({ id, label: FIELD_LABELS.description, helper: 'For your own reference (optional).', control: input });
  return {
    element: shell.element,
    focus: () => focusAfterRender(input),
    update(state) {
      if (input.value !== state.draft.description) input.value = state.draft.description;
      input.disabled = isLocked(state);
      shell.setMessage(fieldMessageOf(state, 'description'), [input]);
    },
  };
}

export function createGrantTypeField(dispatch: Dispatch): FieldSection {
  const id = 'field-grant-type';
  const select = el('vscode-single-select', { id });
  select.addEventListener('change', () => dispatch({ type: 'setText', field: 'grantType', value: select.value }));
  const shell = fieldShell({
    id,
    label: FIELD_LABELS.grantType,
    helper: 'Authorization code: third-party applications sign clients in. Single sign-on: one service of a client.',
    control: select,
  });
  let shownOptions = '';
  return {
    element: shell.element,
    focus: () => focusAfterRender(select),
    update(state) {
      const options = grantTypeOptionsOf(state);
      if (options.join('\n') !== shownOptions) {
        shownOptions = options.join('\n');
        select.replaceChildren(...options.map((type) => el('vscode-option', { value: type }, optionText(type))));
      }
      if (select.value !== state.draft.grantType) select.value = state.draft.grantType;
      select.disabled = isLocked(state);
      shell.setMessage(fieldMessageOf(state, 'grantType'), [select]);
    },
  };
}

function optionText(type: string): string {
  const label = GRANT_TYPE_LABELS[type];
  return label ? `${label} (${type})` : type;
}

export function createServiceIdField(dispatch: Dispatch): FieldSection {
  const id = 'field-service-id';
  const input = el('vscode-textfield', { id, type: 'number', min: 0, step: 1 });
  input.addEventListener('input', () => dispatch({ type: 'setServiceId', text: input.value }));
  const shell = fieldShell({ id, label: FIELD_LABELS.serviceId, helper: '', control: input });
  let filled = false;
  return {
    element: shell.element,
    focus: () => focusAfterRender(input),
    update(state) {
      const value = state.draft.serviceId;
      // An emptied field means 0: leave it empty while typing; show the number otherwise.
      if (!filled || !Object.is(parseServiceId(input.value), value)) input.value = Number.isNaN(value) ? '' : String(value);
      filled = true;
      input.disabled = isLocked(state);
      const required = state.draft.grantType === 'single_sign_on';
      shell.label.required = required;
      setAttr(input, 'aria-required', required ? 'true' : undefined);
      shell.element.classList.toggle('required', required);
      setText(
        shell.helper,
        required
          ? 'Required for single sign-on: the ID of the client service (product) the sign-on is for.'
          : 'The client service (product) this credential belongs to; 0 or empty for none.',
      );
      shell.setMessage(fieldMessageOf(state, 'serviceId'), [input]);
    },
  };
}
