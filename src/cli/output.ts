// What the CLI prints: a readable table or JSON for credentials, one-line errors. Never a secret,
// except the one line that --print-secret asks for.
import { isWhmcsError } from '../core/whmcs/errors';
import { InvalidServerUrlError } from '../core/whmcs/serverUrl';
import type { OAuthCredential } from '../core/whmcs/types';

export function credentialsTable(credentials: readonly OAuthCredential[]): string {
  const header = ['ID', 'NAME', 'GRANT TYPE', 'CLIENT ID', 'SERVICE', 'SCOPES'];
  const rows = credentials.map((c) => [
    String(c.credentialId),
    oneLine(c.name) || '(unnamed)',
    c.grantType,
    c.clientIdentifier,
    c.serviceId ? String(c.serviceId) : '-',
    c.scopes.join(' '),
  ]);
  const widths = header.map((title, column) =>
    Math.min(48, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : clip(cell, widths[column] ?? 0).padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}

/** Control characters from server data must not drive the terminal. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** One line for an error: its message and, when it has one, what to do. */
export function describe(error: unknown): string {
  if (isWhmcsError(error)) return oneLine(`${error.message} ${error.hint}`);
  if (error instanceof InvalidServerUrlError) return oneLine(`${error.message} ${error.hint}`);
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return oneLine(typeof hint === 'string' ? `${error.message} ${hint}` : error.message);
  }
  return String(error);
}
