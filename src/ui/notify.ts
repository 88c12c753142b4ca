// Errors shown to a person: the server's own message (or the transport cause) and the hint,
// with the log one click away. Written to the log at the same time.
import * as vscode from 'vscode';
import { userMessage, type Log } from '../log';

export function showError(log: Log, what: string, error: unknown): void {
  log.error(what, error);
  const { message, hint } = userMessage(error);
  void vscode.window.showErrorMessage(`${what}: ${message}${hint ? ` ${hint}` : ''}`, 'Show Log').then((answer) => {
    if (answer) log.show();
  });
}

/** True for the error of a request the person cancelled: nothing to report. */
export function isCancellation(error: unknown): boolean {
  return (error as { reason?: unknown; kind?: unknown } | null)?.kind === 'transport' && (error as { reason?: unknown }).reason === 'cancelled';
}
