// The modal questions the extension asks a person. Behind an interface so that the
// extension-host tests can answer them (src/testing, never in the production bundle) while the UI
// tests click the real dialogs.
import * as vscode from 'vscode';
import { notify } from './notify';

export interface Prompts {
  /** A modal yes/no; true only when the person chose `confirmLabel`. */
  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean>;
  /**
   * A secret that could not be stored anywhere: offered for copying until the person says they
   * saved it. Resolves only then.
   */
  acknowledgeUnstoredSecret(what: string, secret: string, failures: readonly string[]): Promise<void>;
}

export const vscodePrompts: Prompts = {
  async confirm(message, detail, confirmLabel) {
    const answer = await notify('warning', message, { modal: true, detail }, confirmLabel);
    return answer === confirmLabel;
  },

  async acknowledgeUnstoredSecret(what, secret, failures) {
    const copy = 'Copy Secret';
    const saved = 'I Have Saved It';
    let copied = false;
    for (;;) {
      const answer = await notify(
        'warning',
        `${what} could not be stored in any secret store. Copy it now and keep it somewhere safe: WHMCS will not show it again.`,
        {
          modal: true,
          detail: `${failures.join('\n')}${copied ? '\n\nCopied to the clipboard.' : ''}`,
        },
        copy,
        saved,
      );
      if (answer === copy) {
        await vscode.env.clipboard.writeText(secret);
        copied = true;
      } else if (answer === saved) {
        return;
      }
    }
  },
};
