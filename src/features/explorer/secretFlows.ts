// What happens to a client secret that WHMCS shows only once (after a reset or a create): it is
// kept in the active secret store, else the other one, else offered to the person in a modal
// that must be acknowledged.
import * as vscode from 'vscode';
import type { Log } from '../../host/log';
import type { SecretStores } from '../../host/secretStores';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import type { Prompts } from '../../host/prompts';
import type { ServerProfile } from '../../app/serverProfile';
import { notify } from '../../host/notify';

export interface KeptSecret {
  /** Where it went, or undefined when it was only shown. */
  storeDescription: string | undefined;
}

export async function keepNewClientSecret(
  deps: { secrets: SecretStores; prompts: Prompts; log: Log },
  profile: ServerProfile,
  clientIdentifier: string,
  credentialName: string,
  secret: string,
): Promise<KeptSecret> {
  const account = clientSecretAccount(serverKey(profile.url), clientIdentifier);
  const result = await deps.secrets.keep(account, secret);
  const what = `The new client secret of "${credentialName}"`;
  if (!result.kept) {
    deps.log.error(`${what} could not be stored: ${result.failures.join('; ')}`);
    await deps.prompts.acknowledgeUnstoredSecret(what, secret, result.failures);
    return { storeDescription: undefined };
  }
  deps.log.info(`Stored the new client secret of credential ${clientIdentifier} in ${result.store.description} (account ${account}).`);
  const copy = 'Copy Secret';
  void notify('info', `${what} is stored in ${result.store.description}.`, {}, copy).then(async (answer) => {
    if (answer === copy) {
      await vscode.env.clipboard.writeText(secret);
      void vscode.window.setStatusBarMessage('$(check) Client secret copied', 3000);
    }
  });
  return { storeDescription: result.store.description };
}
