// Prompts whose answers an extension-host test can give instead of a person. Only in the build
// for the extension's own tests (see WHMCS_OAUTH_TEST_SEAMS in scripts/build.mjs).
import { vscodePrompts, type Prompts } from '../host/prompts';

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
