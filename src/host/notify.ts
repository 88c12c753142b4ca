// Every message the extension shows a person goes through here: the notification itself, and an
// event with its text so that tests can read what people are told (and check it leaks nothing).
// Errors carry the server's own message (or the transport cause) and the hint, with the log one
// click away, and are written to the log at the same time.
import * as vscode from 'vscode';
import { userMessage, type Log } from './log';

export type NoticeSeverity = 'error' | 'warning' | 'info';

export interface Notice {
  severity: NoticeSeverity;
  text: string;
  /** The detail line of a modal notice. */
  detail?: string;
  modal: boolean;
}

const shown = new vscode.EventEmitter<Notice>();

/** Fires for every notification and modal message, before it is shown. */
export const onDidShowNotice: vscode.Event<Notice> = shown.event;

/** Shows a notification (or a modal when options say so); resolves with the chosen action. */
export function notify<T extends string>(
  severity: NoticeSeverity,
  text: string,
  options: vscode.MessageOptions = {},
  ...actions: T[]
): Thenable<T | undefined> {
  shown.fire({ severity, text, ...(options.detail ? { detail: options.detail } : {}), modal: options.modal === true });
  if (severity === 'error') return vscode.window.showErrorMessage(text, options, ...actions);
  if (severity === 'warning') return vscode.window.showWarningMessage(text, options, ...actions);
  return vscode.window.showInformationMessage(text, options, ...actions);
}

export function showError(log: Log, what: string, error: unknown): void {
  log.error(what, error);
  const { message, hint } = userMessage(error);
  void notify('error', `${what}: ${message}${hint ? ` ${hint}` : ''}`, {}, 'Show Log').then((answer) => {
    if (answer) log.show();
  });
}

/** True for the error of a request the person cancelled: nothing to report. */
export function isCancellation(error: unknown): boolean {
  return (error as { reason?: unknown; kind?: unknown } | null)?.kind === 'transport' && (error as { reason?: unknown }).reason === 'cancelled';
}
