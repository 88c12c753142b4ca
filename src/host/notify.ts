// Every message the extension shows a person goes through here: the notification itself, and an
// event with its text so that tests can read what people are told (and check it leaks nothing).
// Errors carry the server's own message (or the transport cause) and the hint, with the log one
// click away, and are written to the log at the same time.
import * as vscode from 'vscode';
import { changeNote, describeFailure } from '../core/failure';
import type { Log } from './log';

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

/** An error for the person: the server's message or the cause, the hint, and whether anything changed. */
export function showError(log: Log, what: string, error: unknown): void {
  const failure = describeFailure(error);
  if (failure.cancelled) return;
  log.error(what, error);
  const hint = failure.hint ? ` ${failure.hint}` : '';
  void notify('error', `${what}: ${failure.message}${hint} ${changeNote(failure)}`, {}, 'Show Log').then((answer) => {
    if (answer) log.show();
  });
}
