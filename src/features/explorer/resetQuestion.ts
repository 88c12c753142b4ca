// The one question asked before a client secret is reset, from the explorer's command and from
// the update form (whose webview cannot be trusted to have asked). Names and client IDs come from
// the server and may hold anything, so they are quoted so they cannot be misread; the server's
// label is the person's own. No vscode import.

export interface ResetQuestion {
  message: string;
  detail: string;
  confirmLabel: string;
}

/** Longer names are cut (after the closing quote: …) so the question stays readable. */
const MAX_NAME_LENGTH = 200;

export interface ResetSubject {
  /** The credential's name as the server has it, decoded (empty: its client ID is named). */
  name: string;
  clientIdentifier: string;
  serverLabel: string;
  /** Where the new secret goes, e.g. "the OS keychain (Secret Service)". */
  storeDescription: string;
}

export function resetSecretQuestion({ name, clientIdentifier, serverLabel, storeDescription }: ResetSubject): ResetQuestion {
  const cut = name.length > MAX_NAME_LENGTH;
  const named = name === '' ? `the credential with client ID ${quoteText(clientIdentifier)}` : `${quoteText(cut ? name.slice(0, MAX_NAME_LENGTH) : name)}${cut ? '…' : ''}`;
  return {
    message: `Reset the client secret of ${named} on ${serverLabel}?`,
    detail: `The old secret stops working at once: every application using client ID ${quoteText(clientIdentifier)} must get the new one. There is no undo. The new secret goes to ${storeDescription}.`,
    confirmLabel: 'Reset Secret',
  };
}

/**
 * JSON-style quoting: a quote or backslash inside is escaped, and so is every character that is
 * invisible or moves text (control, line and paragraph separators, bidi and other format
 * characters), so the quoted text ends exactly where the closing quote is seen.
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
