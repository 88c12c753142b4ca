// The heap the extension holds for a server with 10,000 credentials, measured in the real
// extension host (code-server), one fresh host; bench/hostHeapModule.ts says what it includes.
import { join } from 'node:path';
import { createSandbox } from '../sandbox/index';
import { KeychainSecretStore } from '../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../src/core/secrets/keychainLayout';
import { buildTestModule } from '../test/e2e/harness/buildTestModule';
import { testExtensionPath } from '../test/e2e/harness/paths';
import { runExtensionTests } from '../test/e2e/harness/runExtensionTests';

export async function measureBigListHeap(count = 10_000): Promise<{ bigListHeapMB: number }> {
  // "warm": a small server the module lists first, so that code loaded on first use is not counted.
  const warm = await createSandbox();
  const sandbox = await createSandbox({ seed: count });
  const keychain = new KeychainSecretStore();
  const accounts = [warm, sandbox].map((box) => apiSecretAccount(serverKey(box.url), box.apiCredential.identifier));
  await keychain.set(accounts[0] as string, warm.apiCredential.secret);
  await keychain.set(accounts[1] as string, sandbox.apiCredential.secret);
  try {
    const result = await runExtensionTests({
      // The state and the tree provider are reached through the testing API; the code is the shipped code.
      extensionPath: testExtensionPath,
      testsModulePath: await buildTestModule(join(__dirname, 'hostHeapModule.ts')),
      name: 'bench-heap',
      settings: {
        'whmcsOAuth.servers': [
          { id: 'warm', label: 'Warm', url: warm.url, identifier: warm.apiCredential.identifier },
          { id: 'big', label: 'Big', url: sandbox.url, identifier: sandbox.apiCredential.identifier },
        ],
      },
    });
    const line = /bench-heap (\{.*\})/.exec(result.log)?.[1];
    if (result.exitCode !== 0 || !line) throw new Error(`the heap benchmark failed:\n${result.log.slice(-2000)}`);
    const { bigListHeapMB } = JSON.parse(line) as { bigListHeapMB: number };
    return { bigListHeapMB };
  } finally {
    for (const account of accounts) await keychain.delete(account);
    await sandbox.close();
    await warm.close();
  }
}
