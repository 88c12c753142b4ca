// The Test Sign-In report page: the host renders it; this only tells the host which of the
// buttons it offered was clicked (the host decides what each does, and asks before any change).
import type { ReportMessage } from '../shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: ReportMessage): void };

const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
  button.addEventListener('click', () => {
    const action = button.dataset['action'];
    if (action === 'runAgain' || action === 'fix') vscode.postMessage({ type: action });
  });
}
