// The extension's log: a LogOutputChannel ("WHMCS OAuth") with every line passed through the
// secret redaction, and errors written with their kind, message and hint, never with the
// parameters or answers that caused them.
import type * as vscode from 'vscode';
import { describeFailure } from '../core/failure';
import { redactSecrets } from '../core/whmcs/redact';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(channel: vscode.LogOutputChannel): Log {
  return {
    info: (message) => channel.info(redactSecrets(message)),
    warn: (message) => channel.warn(redactSecrets(message)),
    error: (message, error) => channel.error(redactSecrets(error === undefined ? message : `${message}: ${describeError(error)}`)),
    show: () => channel.show(true),
  };
}

/** One line for any error: "[kind] message (hint)". */
export function describeError(error: unknown): string {
  const { kind, message, hint } = describeFailure(error);
  return `[${kind}] ${message}${hint ? ` (${hint})` : ''}`;
}
