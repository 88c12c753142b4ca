// `npm start`: try the extension now. Starts the sandbox WHMCS with seeded credentials, stores its
// API secret in the keychain, starts code-server (a real VS Code in the browser) with the packaged
// extension installed and the sandbox already configured, and prints the URL (127.0.0.1 only).
// Ctrl+C stops everything. Without a usable Secret Service it runs inside a private one.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { DEFAULT_PORT, SANDBOX_API_CREDENTIAL as SANDBOX_CREDENTIAL, SANDBOX_CLIENT_USER } from '../sandbox/demoCredentials';
import { KeychainSecretStore } from '../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../src/core/secrets/keychainLayout';
import { startCodeServer, type CodeServer } from '../test/e2e/harness/codeServer';

const root = resolve(__dirname, '..');

async function keychainWorks(): Promise<boolean> {
  try {
    await new KeychainSecretStore().probe();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  // Once, before anything else: the private Secret Service below needs these packages too.
  if (process.env['WHMCS_OAUTH_TEST_KEYRING'] !== '1') {
    console.log('Provisioning (the first run builds code-server, a few minutes)…');
    execFileSync('bash', [join(root, 'scripts/provision.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('bash', [join(root, 'scripts/e2e/provision.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!(await keychainWorks())) {
    if (process.env['WHMCS_OAUTH_TEST_KEYRING'] === '1') throw new Error('the private Secret Service does not work either');
    console.log('No usable Secret Service here: starting a private one for this session.');
    const child = spawn('bash', [join(root, 'scripts/with-keyring.sh'), process.execPath, '--import', 'tsx', __filename], { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }

  console.log('Packaging the extension…');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  let sandbox: Sandbox | undefined;
  let server: CodeServer | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'whmcs-oauth-try-'));
  const stop = async () => {
    await server?.stop().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.log('\nStopping…');
      void stop().then(() => process.exit(0));
    });
  }
  try {
    sandbox = await createSandbox({ port: await freePortOr(DEFAULT_PORT), apiCredential: SANDBOX_CREDENTIAL, clientUser: { ...SANDBOX_CLIENT_USER } });
    const store = new KeychainSecretStore();
    await store.set(apiSecretAccount(serverKey(sandbox.url), SANDBOX_CREDENTIAL.identifier), SANDBOX_CREDENTIAL.secret);
    server = await startCodeServer({
      installVsix: [join(root, 'dist', 'whmcs-oauth.vsix')],
      settings: {
        'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox WHMCS', url: sandbox.url, identifier: SANDBOX_CREDENTIAL.identifier }],
        'workbench.colorTheme': 'Default Dark Modern',
      },
    });
    const url = new URL(server.url);
    url.searchParams.set('folder', folder);
    console.log(`
whmcs-oauth is running.

  VS Code         ${url.toString()}
                  (open it in a browser; the WHMCS icon in the activity bar shows the credentials)
  Sandbox WHMCS   ${sandbox.url}
  API identifier  ${SANDBOX_CREDENTIAL.identifier}
  API secret      ${SANDBOX_CREDENTIAL.secret}, stored in ${store.description}
  Sandbox state   ${sandbox.url}/__sandbox/credentials
  Client login    ${sandbox.clientUser.email} / ${sandbox.clientUser.password}
                  (WHMCS: Test Sign-In... on a credential signs this client in to prove it works)

Press Ctrl+C to stop.`);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The preferred port when it is free, else any free one. */
async function freePortOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolvePort) => {
      const probe = createServer();
      probe.once('error', () => resolvePort(undefined));
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0)) ?? 0;
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
