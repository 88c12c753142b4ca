// Activation and the update form in the real extension host (code-server), several fresh hosts.
import { join } from 'node:path';
import { createSandbox } from '../sandbox/index';
import { KeychainSecretStore } from '../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../src/core/secrets/keychainLayout';
import { buildTestModule } from '../test/e2e/harness/buildTestModule';
import { testExtensionPath } from '../test/e2e/harness/paths';
import { runExtensionTests } from '../test/e2e/harness/runExtensionTests';
import { median } from './stats';

export interface HostTimings {
  /** The bundle's evaluation and activate(), from the extension's performance marks. */
  activationMs: number;
  evaluationMs: number;
  activateMs: number;
  formOpenMs: number;
  emptyWebviewOpenMs: number;
}

export async function measureHostTimings(rounds: number): Promise<HostTimings> {
  const sandbox = await createSandbox();
  const keychain = new KeychainSecretStore();
  const account = apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier);
  await keychain.set(account, sandbox.apiCredential.secret);
  try {
    const module = await buildTestModule(join(__dirname, 'hostModule.ts'));
    const samples: HostTimings[] = [];
    for (let i = 0; i < rounds; i++) {
      const result = await runExtensionTests({
        // The form-open figure needs the testing API (forms.open); the code is the shipped code.
        extensionPath: testExtensionPath,
        testsModulePath: module,
        name: 'bench-host',
        settings: { 'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }] },
      });
      const line = /bench-host (\{.*\})/.exec(result.log)?.[1];
      if (result.exitCode !== 0 || !line) throw new Error(`the host benchmark failed:\n${result.log.slice(-2000)}`);
      samples.push(JSON.parse(line) as HostTimings);
    }
    const pick = (key: keyof HostTimings) => median(samples.map((sample) => sample[key]));
    return {
      activationMs: pick('activationMs'),
      evaluationMs: pick('evaluationMs'),
      activateMs: pick('activateMs'),
      formOpenMs: pick('formOpenMs'),
      emptyWebviewOpenMs: pick('emptyWebviewOpenMs'),
    };
  } finally {
    await keychain.delete(account);
    await sandbox.close();
  }
}
