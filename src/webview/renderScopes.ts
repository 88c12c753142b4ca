// Scopes: a checkbox per suggested scope (standard WHMCS scopes and those the server uses) and
// per scope the credential or the draft has, so every chosen scope is visible; others are typed
// into the add field (space or comma separated). Order is not kept by WHMCS, so none is shown.
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { addField } from './addField';
import { el, focusAfterRender } from './dom';
import { fieldShell } from './fieldShell';
import { FIELD_LABELS } from './labels';
import { fieldMessageOf, isLocked, scopeOptionsOf, type UserAction } from './state';
import type { FieldSection } from './section';

export function createScopesField(dispatch: (action: UserAction) => void): FieldSection {
  const id = 'field-scopes';
  const group = el('div', { class: 'scope-grid', role: 'group', id, 'aria-labelledby': `${id}-label` });
  const add = addField({
    id: 'scope-add',
    label: 'Other scopes',
    placeholder: 'e.g. clientarea:invoices custom:scope',
    buttonLabel: 'Add scopes',
    onAdd: (text) => dispatch({ type: 'addScopes', text }),
  });
  const shell = fieldShell({
    id,
    label: FIELD_LABELS.scopes,
    helper: 'Tick what the application may access. Type scopes that are not listed (separated by spaces) and press Enter.',
    control: el('div', { class: 'scopes' }, group, add.element),
    group: true,
  });
  let boxes = new Map<string, HTMLElementTagNameMap['vscode-checkbox']>();

  const checkbox = (scope: string): HTMLElementTagNameMap['vscode-checkbox'] => {
    const box = el('vscode-checkbox', { value: scope }, scope);
    box.addEventListener('change', () => dispatch({ type: 'toggleScope', scope, selected: box.checked }));
    return box;
  };

  return {
    element: shell.element,
    focus: () => focusAfterRender(group.querySelector('vscode-checkbox') ?? add.input),
    update(state) {
      const options = scopeOptionsOf(state);
      if (options.join('\n') !== [...boxes.keys()].join('\n')) {
        const focused = [...boxes.entries()].find(([, box]) => box === document.activeElement)?.[0];
        boxes = new Map(options.map((scope) => [scope, boxes.get(scope) ?? checkbox(scope)]));
        group.replaceChildren(...boxes.values());
        if (focused !== undefined) boxes.get(focused)?.focus();
      }
      const locked = isLocked(state);
      const chosen = new Set(state.draft.scopes);
      for (const [scope, box] of boxes) {
        if (box.checked !== chosen.has(scope)) box.checked = chosen.has(scope);
        if (box.disabled !== locked) box.disabled = locked;
      }
      add.setDisabled(locked);
      shell.setMessage(fieldMessageOf(state, 'scopes'), [group, add.input]);
    },
  };
}
