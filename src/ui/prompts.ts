// The modal questions the extension asks a person. Behind an interface so that the
// extension-host tests can answer them (through the extension's testing API) while the UI tests
// click the real dialogs.
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

/** A Prompts whose methods can be swapped at run time (by the testing API). */
export class SwitchablePrompts implements Prompts {
  private override: Partial<Prompts> = {};

  set(prompts: Partial<Prompts>): void {
    this.override = prompts;
  }

  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean> {
    return (this.override.confirm ?? vscodePrompts.confirm)(message, detail, confirmLabel);
  }

  acknowledgeUnstoredSecret(what: string, secret: string, failures: readonly string[]): Promise<void> {
    return (this.override.acknowledgeUnstoredSecret ?? vscodePrompts.acknowledgeUnstoredSecret)(what, secret, failures);
  }
}
