// The extension's log: a LogOutputChannel ("WHMCS OAuth") with every line passed through the
// secret redaction, and errors written with their kind, message and hint, never with the
// parameters or answers that caused them.
import type * as vscode from 'vscode';
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
  if (error instanceof Error) {
    const { kind, hint } = error as { kind?: unknown; hint?: unknown };
    const prefix = typeof kind === 'string' ? `[${kind}] ` : '';
    return `${prefix}${error.message}${typeof hint === 'string' ? ` (${hint})` : ''}`;
  }
  return String(error);
}

/** The message and hint of an error as a person reads them in a notification. */
export function userMessage(error: unknown): { message: string; hint: string | undefined } {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return { message: error.message, hint: typeof hint === 'string' ? hint : undefined };
  }
  return { message: String(error), hint: undefined };
}
