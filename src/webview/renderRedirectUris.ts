// Redirect URIs: an ordered list of editable fields, each with Move up, Move down and Remove
// buttons, and an add field below. Rows are reused by position: a move or a removal only shifts
// values, and the focus is put where the person's item went so keyboard use can continue.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { addField } from './addField';
import { el, focusAfterRender, show } from './dom';
import { fieldShell } from './fieldShell';
import { FIELD_LABELS } from './labels';
import { fieldMessageOf, isLocked, type UserAction } from './state';
import type { FieldSection } from './section';

interface Row {
  element: HTMLLIElement;
  input: HTMLElementTagNameMap['vscode-textfield'];
  up: HTMLElementTagNameMap['vscode-button'];
  down: HTMLElementTagNameMap['vscode-button'];
  remove: HTMLElementTagNameMap['vscode-button'];
}

export function createRedirectUrisField(dispatch: (action: UserAction) => void): FieldSection {
  const id = 'field-redirect-uris';
  const list = el('ol', { class: 'uri-list', id, 'aria-labelledby': `${id}-label` });
  const empty = el('p', { class: 'empty' }, 'No redirect URIs.');
  const add = addField({
    id: 'redirect-uri-add',
    label: 'New redirect URI',
    placeholder: 'https://app.example.com/oauth/callback',
    buttonLabel: 'Add redirect URI',
    onAdd: (uri) => dispatch({ type: 'addRedirectUri', uri }),
  });
  const shell = fieldShell({
    id,
    label: FIELD_LABELS.redirectUris,
    helper: 'Where WHMCS may send the authorization back, in order of preference. Absolute URIs with a scheme.',
    control: el('div', { class: 'redirect-uris' }, list, empty, add.element),
    group: true,
  });
  const rows: Row[] = [];

  const indexOf = (row: Row): number => rows.indexOf(row);
  const move = (row: Row, offset: -1 | 1): void => {
    const index = indexOf(row);
    dispatch({ type: 'moveRedirectUri', index, offset });
    const target = index + offset;
    const moved = rows[target];
    if (!moved) return;
    // Follow the item; at the end of the list the same button is disabled, so take the other one.
    const [same, other] = offset === -1 ? [moved.up, moved.down] : [moved.down, moved.up];
    const atEnd = offset === -1 ? target === 0 : target === rows.length - 1;
    (atEnd ? other : same).focus();
  };
  const remove = (row: Row): void => {
    const index = indexOf(row);
    dispatch({ type: 'removeRedirectUri', index });
    (rows[index]?.remove ?? rows[index - 1]?.remove ?? add.input).focus();
  };
  const newRow = (): Row => {
    const input = el('vscode-textfield', { class: 'uri-input' });
    const up = el('vscode-button', { secondary: true, class: 'icon-button' }, '↑');
    const down = el('vscode-button', { secondary: true, class: 'icon-button' }, '↓');
    const removeButton = el('vscode-button', { secondary: true }, 'Remove');
    const row: Row = { element: el('li', { class: 'uri-row' }, input, el('span', { class: 'row-buttons' }, up, down, removeButton)), input, up, down, remove: removeButton };
    input.addEventListener('input', () => dispatch({ type: 'editRedirectUri', index: indexOf(row), uri: input.value }));
    up.addEventListener('click', () => move(row, -1));
    down.addEventListener('click', () => move(row, 1));
    removeButton.addEventListener('click', () => remove(row));
    return row;
  };

  return {
    element: shell.element,
    focus: () => focusAfterRender(rows[0]?.input ?? add.input),
    update(state) {
      const uris = state.draft.redirectUris;
      while (rows.length < uris.length) {
        const row = newRow();
        rows.push(row);
        list.append(row.element);
      }
      for (const row of rows.splice(uris.length)) row.element.remove();
      const locked = isLocked(state);
      const message = fieldMessageOf(state, 'redirectUris');
      rows.forEach((row, index) => {
        const uri = uris[index] ?? '';
        if (row.input.value !== uri) row.input.value = uri;
        const position = `${index + 1} of ${uris.length}`;
        row.input.label = `Redirect URI ${position}`;
        row.up.setAttribute('aria-label', `Move redirect URI ${position} up`);
        row.down.setAttribute('aria-label', `Move redirect URI ${position} down`);
        row.remove.setAttribute('aria-label', `Remove redirect URI ${position}`);
        row.up.title = 'Move up';
        row.down.title = 'Move down';
        row.input.disabled = locked;
        row.up.disabled = locked || index === 0;
        row.down.disabled = locked || index === uris.length - 1;
        row.remove.disabled = locked;
      });
      show(empty, uris.length === 0);
      add.setDisabled(locked);
      shell.setMessage(message, [list, ...rows.map((row) => row.input), add.input]);
    },
  };
}
