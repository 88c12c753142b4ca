// The page header: what this form edits (credential name, IDs, server), read-only, with a button
// that copies the client ID (not a secret) with the browser's clipboard.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { el, setText } from './dom';
import type { FormState } from './state';
import type { Section } from './section';

export function createHeader(copyText: (text: string) => Promise<boolean>): Section {
  const title = el('h1', { class: 'title', id: 'credential-title' });
  const server = el('dd');
  const credentialId = el('dd');
  const clientId = el('code', { class: 'client-id', id: 'client-id' });
  const copyStatus = el('span', { class: 'copy-status', role: 'status' });
  const copy = el('vscode-button', { secondary: true, class: 'small', 'aria-label': 'Copy client ID', title: 'Copy client ID' }, 'Copy');
  const updated = el('dd');
  let resetTimer: ReturnType<typeof setTimeout> | undefined;

  copy.addEventListener('click', () => {
    void copyText(clientId.textContent ?? '').then((copied) => {
      if (!copied) selectText(clientId);
      setText(copyStatus, copied ? 'Client ID copied.' : 'Copying is not allowed here: the ID is selected, press Ctrl+C (⌘C).');
      clearTimeout(resetTimer);
      resetTimer = setTimeout(() => setText(copyStatus, ''), 4_000);
    });
  });

  const element = el(
    'header',
    { class: 'form-header' },
    title,
    el(
      'dl',
      { class: 'meta' },
      el('div', {}, el('dt', {}, 'Server'), server),
      el('div', {}, el('dt', {}, 'Credential ID'), credentialId),
      el('div', {}, el('dt', {}, 'Client ID'), el('dd', { class: 'client-id-row' }, clientId, copy, copyStatus)),
      el('div', {}, el('dt', {}, 'Last updated'), updated),
    ),
  );
  return {
    element,
    update(state: FormState) {
      const name = state.loaded.name;
      setText(title, name === '' ? 'Unnamed credential' : name);
      title.classList.toggle('unnamed', name === '');
      setText(server, state.serverLabel);
      setText(credentialId, String(state.loaded.credentialId));
      setText(clientId, state.loaded.clientIdentifier);
      setText(updated, state.loaded.updatedAt);
    },
  };
}

function selectText(node: Node): void {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
