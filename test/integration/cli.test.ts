// The built `whmcs-oauth` executable run as a process against the sandbox WHMCS and the real
// Secret Service (the suite runs inside scripts/with-keyring.sh).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { adminPasswordAccount, apiSecretAccount, clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { runProcess, type ProcessResult } from './support/runProcess';
import { startConnectProxy } from './support/connectProxy';
import { startFakeSessionBus } from './support/fakeSessionBus';
import { canary } from '../../sandbox/canaries';
import { assertSecretKept } from '../support/secretKept';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/cli.js');
const keychain = new KeychainSecretStore();
const accountsToClean: string[] = [];


function run(args: string[], env: NodeJS.ProcessEnv = {}, base: NodeJS.ProcessEnv = process.env, input?: string): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], { env: { ...base, ...env }, ...(input === undefined ? {} : { input }) });
}

/** A file holding `content` with the given mode (set explicitly: the umask must not decide). */
async function secretFile(dir: string, name: string, content: string, mode = 0o600): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

function stderrLines(result: ProcessResult): string[] {
  return result.stderr.split('\n').filter(Boolean);
}

function assertNoSecret(result: ProcessResult, secrets: Iterable<string>): void {
  for (const secret of secrets) {
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'a secret was printed');
  }
}

let box: Sandbox;
let env: NodeJS.ProcessEnv;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
  box = await createSandbox();
  env = { WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: box.apiCredential.secret };
});

after(async () => {
  await Promise.all(accountsToClean.map((account) => keychain.delete(account).catch(() => false)));
  await box.close();
});

function allSecrets(): string[] {
  return [box.apiCredential.secret, ...box.state.listCredentials().map((c) => c.clientSecret)];
}

describe('usage', () => {
  test('help, version, and usage errors with exit code 2', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /whmcs-oauth reset-secret <credentialId>/);
    for (const flag of ['--secret-file F', '--password-file F', '--access-key-file F', '--allow-insecure-http', 'WHMCS_ALLOW_INSECURE_HTTP=1']) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    const version = await run(['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const unknown = await run(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, 'whmcs-oauth: unknown command "frobnicate" (try --help)\n');
    const noUrl = await run(['list'], { WHMCS_URL: '' });
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /--url/);
    const noYes = await run(['delete', '1'], env);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /cannot be undone.*--yes/);
    const badId = await run(['update', 'abc', '--name', 'x'], env);
    assert.equal(badId.code, 2);
  });
});

describe('commands', () => {
  test('list prints a table and JSON, never a client secret', async () => {
    const table = await run(['list'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+NAME\s+GRANT TYPE\s+CLIENT ID/);
    for (const stored of box.state.listCredentials()) assert.ok(table.stdout.includes(stored.clientIdentifier));
    assertNoSecret(table, allSecrets());
    const json = await run(['list', '--json', '--grant-type', 'single_sign_on'], env);
    const parsed = JSON.parse(json.stdout) as Array<{ grantType: string; credentialId: number }>;
    assert.ok(parsed.length > 0 && parsed.every((c) => c.grantType === 'single_sign_on'));
    assertNoSecret(json, allSecrets());
  });

  test('update sends the name and repeated redirect URIs; the sandbox stores them', async () => {
    const target = box.state.listCredentials().find((c) => c.grantTypes === 'authorization_code');
    assert.ok(target);
    const result = await run(
      ['update', String(target.credentialId), '--name', 'Renamed & co', '--redirect-uri', 'https://a.example/cb', '--redirect-uri', 'https://b.example/cb'],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Updated credential \d+: name, redirectUris\./);
    const stored = box.state.getCredential(target.credentialId);
    assert.equal(stored?.name, 'Renamed &amp; co');
    assert.deepEqual(stored?.redirectUri, ['https://a.example/cb', 'https://b.example/cb']);
  });

  test('update --name leaves the client secret as it was and sends no resetSecret', async () => {
    const target = box.state.listCredentials().find((c) => c.grantTypes === 'authorization_code');
    assert.ok(target);
    const secretBefore = target.clientSecret;
    box.resetStats();
    const result = await run(['update', String(target.credentialId), '--name', 'Renamed, secret kept'], env);
    assert.equal(result.code, 0, result.stderr);
    assertSecretKept({ secretBefore, secretAfter: box.state.getCredential(target.credentialId)?.clientSecret, requests: box.requests() });
    assertNoSecret(result, allSecrets());
  });

  test('reset-secret stores the new secret in the real keychain and prints only where', async () => {
    const target = box.state.listCredentials()[0];
    assert.ok(target);
    const old = target.clientSecret;
    const result = await run(['reset-secret', String(target.credentialId)], env);
    assert.equal(result.code, 0, result.stderr);
    const stored = box.state.getCredential(target.credentialId);
    assert.ok(stored && stored.clientSecret !== old);
    const account = clientSecretAccount(serverKey(box.url), stored.clientIdentifier);
    accountsToClean.push(account);
    assert.ok(result.stdout.includes(`account "${account}"`));
    assertNoSecret(result, [stored.clientSecret, old, box.apiCredential.secret]);
    assert.equal(await keychain.get(account), stored.clientSecret);
  });

  test('reset-secret --print-secret writes the secret alone to stdout', async () => {
    const target = box.state.listCredentials()[1];
    assert.ok(target);
    const result = await run(['reset-secret', String(target.credentialId), '--print-secret'], env);
    assert.equal(result.code, 0, result.stderr);
    const stored = box.state.getCredential(target.credentialId);
    assert.equal(result.stdout, `${stored?.clientSecret}\n`);
    accountsToClean.push(clientSecretAccount(serverKey(box.url), stored?.clientIdentifier ?? ''));
  });

  test('with no keychain, reset-secret prints the secret rather than lose it, and exits 4', async () => {
    const target = box.state.listCredentials()[2];
    assert.ok(target);
    const noBus = { ...process.env };
    delete noBus['DBUS_SESSION_BUS_ADDRESS'];
    const result = await run(['reset-secret', String(target.credentialId)], env, noBus);
    assert.equal(result.code, 4);
    const stored = box.state.getCredential(target.credentialId);
    assert.equal(result.stdout, `${stored?.clientSecret}\n`);
    assert.match(result.stderr, /WARNING: the client secret could not be stored in the keychain/);
    assert.ok(!result.stderr.includes(stored?.clientSecret ?? '-'));
  });

  test('the API secret can come from the keychain entry the extension stores', async () => {
    const account = apiSecretAccount(serverKey(box.url), box.apiCredential.identifier);
    await keychain.set(account, box.apiCredential.secret);
    accountsToClean.push(account);
    const result = await run(['list', '--json'], { ...env, WHMCS_API_SECRET: '' });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((JSON.parse(result.stdout) as unknown[]).length > 0);
  });

  test('create stores the new secret; delete --yes removes the credential', async () => {
    const created = await run(['create', '--grant-type', 'authorization_code', '--name', 'From CLI', '--scope', 'openid,email', '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    const info = JSON.parse(created.stdout) as { credentialId: number; clientIdentifier: string; account: string; stored: boolean };
    assert.equal(info.stored, true);
    accountsToClean.push(info.account);
    const stored = box.state.getCredential(info.credentialId);
    assert.equal(await keychain.get(info.account), stored?.clientSecret);
    assertNoSecret(created, [stored?.clientSecret ?? '-']);
    const deleted = await run(['delete', String(info.credentialId), '--yes'], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(box.state.getCredential(info.credentialId), undefined);
  });

  test('save-secret copies the live secret into the keychain', async () => {
    const target = box.state.listCredentials()[0];
    assert.ok(target);
    const result = await run(['save-secret', String(target.credentialId)], env);
    assert.equal(result.code, 0, result.stderr);
    const account = clientSecretAccount(serverKey(box.url), target.clientIdentifier);
    assert.equal(await keychain.get(account), box.state.getCredential(target.credentialId)?.clientSecret);
  });
});

describe('failures: one line on stderr, exit 1', () => {
  test('the server\'s message for a wrong secret', async () => {
    const result = await run(['list'], { ...env, WHMCS_API_SECRET: 'wrong-secret' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^whmcs-oauth: Authentication Failed [^\n]+\n$/);
    assert.ok(!result.stderr.includes('wrong-secret'));
  });

  test('a server validation message', async () => {
    const target = box.state.listCredentials()[0];
    const result = await run(['update', String(target?.credentialId), '--scope', 'openid custom:nope'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /The requested scope "custom:nope" is invalid\./);
  });

  test('the transport cause when nothing listens', async () => {
    const result = await run(['list', '--timeout', '2000'], { ...env, WHMCS_URL: 'http://127.0.0.1:9/whmcs' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Connection refused by http:\/\/127\.0\.0\.1:9/);
  });

  test('TLS: refused by default, accepted with --ca-file or --insecure', async () => {
    const tlsBox = await createSandbox({ tls: true });
    const dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-ca-'));
    try {
      const tlsEnv = { WHMCS_URL: tlsBox.url, WHMCS_API_IDENTIFIER: tlsBox.apiCredential.identifier, WHMCS_API_SECRET: tlsBox.apiCredential.secret };
      const refused = await run(['list'], tlsEnv);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /certificate/);
      const caFile = join(dir, 'ca.pem');
      await writeFile(caFile, tlsBox.caPem ?? '');
      assert.equal((await run(['list', '--ca-file', caFile], tlsEnv)).code, 0);
      assert.equal((await run(['list', '--insecure'], tlsEnv)).code, 0);
    } finally {
      await tlsBox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('update that the server does not store as sent exits 3; --repair fixes it', async () => {
    const defect = await createSandbox({ mergeDefect: true });
    try {
      const defectEnv = { WHMCS_URL: defect.url, WHMCS_API_IDENTIFIER: defect.apiCredential.identifier, WHMCS_API_SECRET: defect.apiCredential.secret };
      const target = defect.state.addCredential({ grantTypes: 'authorization_code', name: 'merge', scope: 'openid email' });
      const id = String(target.credentialId);
      const dropped = await run(['update', id, '--scope', 'email profile'], defectEnv);
      assert.equal(dropped.code, 3);
      assert.match(dropped.stderr, /did not store scopes as sent; missing: profile/);
      const again = defect.state.addCredential({ grantTypes: 'authorization_code', name: 'merge', scope: 'openid email' });
      const secretBefore = again.clientSecret;
      defect.resetStats();
      const repaired = await run(['update', String(again.credentialId), '--scope', 'email profile', '--repair'], defectEnv);
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.deepEqual(defect.state.getCredential(again.credentialId)?.scope.split(' ').sort(), ['email', 'profile']);
      // The update and the repair's saves: none of them a reset.
      assertSecretKept({ secretBefore, secretAfter: defect.state.getCredential(again.credentialId)?.clientSecret, requests: defect.requests(), minimumUpdates: 2 });
    } finally {
      await defect.close();
    }
  });
});

describe('secrets kept off the command line', () => {
  let dir: string;
  /** Identifier only: the secret must come from where each test says. */
  let noSecretEnv: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-secrets-'));
    noSecretEnv = { ...env, WHMCS_API_SECRET: '', WHMCS_API_SECRET_FILE: '' };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('--secret-file and WHMCS_API_SECRET_FILE: the file is used (a wrong one fails), less one trailing newline', async () => {
    const right = await secretFile(dir, 'right', `${box.apiCredential.secret}\r\n`);
    const wrong = await secretFile(dir, 'wrong', 'not-the-secret\n');
    const ok = await run(['list', '--secret-file', right], noSecretEnv);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, '', 'a 0600 file and no argv secret: no warning');
    assertNoSecret(ok, allSecrets());
    const refused = await run(['list', '--secret-file', wrong], noSecretEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Authentication Failed/);
    assert.equal((await run(['list'], { ...noSecretEnv, WHMCS_API_SECRET_FILE: right })).code, 0);
    assert.equal((await run(['list'], { ...noSecretEnv, WHMCS_API_SECRET_FILE: wrong })).code, 1);
    // Precedence: the file flag beats the variable; the variable beats the variable's file.
    assert.equal((await run(['list', '--secret-file', right], { ...noSecretEnv, WHMCS_API_SECRET: 'not-the-secret' })).code, 0);
    assert.equal((await run(['list'], { ...env, WHMCS_API_SECRET_FILE: wrong })).code, 0);
    const twoNewlines = await secretFile(dir, 'two-newlines', `${box.apiCredential.secret}\n\n`);
    assert.equal((await run(['list', '--secret-file', twoNewlines], noSecretEnv)).code, 1, 'only one newline is dropped');
  });

  test('--secret-file - reads standard input; only one secret may come from it', async () => {
    const ok = await run(['list', '--secret-file', '-'], noSecretEnv, process.env, `${box.apiCredential.secret}\n`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, '');
    const wrong = await run(['list', '--secret-file', '-'], noSecretEnv, process.env, 'not-the-secret\n');
    assert.equal(wrong.code, 1);
    const twice = await run(['list', '--secret-file', '-', '--access-key-file', '-'], noSecretEnv, process.env, 'x\n');
    assert.equal(twice.code, 2);
    assert.equal(twice.stderr, 'whmcs-oauth: only one secret can come from standard input, not --secret-file - and --access-key-file -\n');
    const empty = await run(['list', '--secret-file', '-'], noSecretEnv, process.env, '\n');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /standard input \(--secret-file -\) is empty/);
    // A terminal as standard input (through util-linux `script`) would echo the secret: refused.
    const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
    const onTerminal = await runProcess('script', ['-qec', [process.execPath, cli, 'list', '--secret-file', '-'].map(quote).join(' '), '/dev/null'], {
      env: { ...process.env, ...noSecretEnv },
    });
    assert.equal(onTerminal.code, 2, onTerminal.stdout);
    assert.match(onTerminal.stdout, /standard input is a terminal, where the secret would be shown: pipe it in/);
  });

  test('a file other users can read is used, with one warning to chmod 600 it', async () => {
    const open = await secretFile(dir, 'readable by all', `${box.apiCredential.secret}\n`, 0o644);
    const result = await run(['list', '--secret-file', open], noSecretEnv);
    assert.equal(result.code, 0, result.stderr);
    const lines = stderrLines(result);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /WARNING: the API secret file .* can be accessed by other users \(mode 0644\); run chmod 600 '.*readable by all'$/);
    assert.ok(lines[0]?.includes(open));
    assertNoSecret(result, allSecrets());
    const groupOnly = await secretFile(dir, 'group', `${box.apiCredential.secret}\n`, 0o640);
    assert.match((await run(['list', '--secret-file', groupOnly], noSecretEnv)).stderr, /mode 0640\); run chmod 600/);
  });

  test('secrets as flags still work, with one warning each that never shows the value; variables do not warn', async () => {
    const bySecretFlag = await run(['list', '--secret', box.apiCredential.secret], noSecretEnv);
    assert.equal(bySecretFlag.code, 0, bySecretFlag.stderr);
    const lines = stderrLines(bySecretFlag);
    assert.equal(lines.length, 1, bySecretFlag.stderr);
    assert.match(lines[0] ?? '', /^whmcs-oauth: WARNING: --secret .*process list.*shell history.*keychain.*WHMCS_API_SECRET.*--secret-file PATH \(- for standard input\)\.$/);
    assertNoSecret(bySecretFlag, allSecrets());
    const byVariable = await run(['list'], env);
    assert.equal(byVariable.code, 0);
    assert.equal(byVariable.stderr, '');

    // Admin login and access key, on a server that lets only the access key past its IP allow-list.
    const accessKey = canary(`AccessKey-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
    const gated = await createSandbox({ allowedIps: ['192.0.2.1'], accessKey });
    try {
      const admin = { WHMCS_URL: gated.url, WHMCS_API_IDENTIFIER: '', WHMCS_API_SECRET: '', WHMCS_USERNAME: gated.admin.username };
      const secrets = [gated.admin.password, accessKey, gated.apiCredential.secret];
      const byFlags = await run(['list', '--password', gated.admin.password, '--access-key', accessKey], admin);
      assert.equal(byFlags.code, 0, byFlags.stderr);
      const warnings = stderrLines(byFlags);
      assert.equal(warnings.length, 2, byFlags.stderr);
      assert.match(warnings[0] ?? '', /WARNING: --password puts the admin password .*WHMCS_PASSWORD, or --password-file PATH/);
      assert.match(warnings[1] ?? '', /WARNING: --access-key puts the API access key .*WHMCS_ACCESS_KEY, or --access-key-file PATH/);
      assertNoSecret(byFlags, secrets);
      const passwordFile = await secretFile(dir, 'admin-password', `${gated.admin.password}\n`);
      const keyFile = await secretFile(dir, 'access-key', `${accessKey}\n`);
      const byFiles = await run(['list', '--password-file', passwordFile, '--access-key-file', keyFile], admin);
      assert.equal(byFiles.code, 0, byFiles.stderr);
      assert.equal(byFiles.stderr, '');
      const byEnvFiles = await run(['list'], { ...admin, WHMCS_PASSWORD_FILE: passwordFile, WHMCS_ACCESS_KEY_FILE: keyFile });
      assert.equal(byEnvFiles.code, 0, byEnvFiles.stderr);
      // Like the API secret, the admin password can come from the entry the extension stores.
      const passwordAccount = adminPasswordAccount(serverKey(gated.url), gated.admin.username);
      await keychain.set(passwordAccount, gated.admin.password);
      accountsToClean.push(passwordAccount);
      const byKeychain = await run(['list', '--access-key-file', keyFile], admin);
      assert.equal(byKeychain.code, 0, byKeychain.stderr);
      const withoutKey = await run(['list', '--password-file', passwordFile], admin);
      assert.equal(withoutKey.code, 1, 'the access key file is what passes the allow-list');
      assert.match(withoutKey.stderr, /Invalid IP/);
    } finally {
      await gated.close();
    }
  });

  test('a flag and its -file twin together, an empty file and an unreadable file are usage errors that show no secret', async () => {
    const file = await secretFile(dir, 'both', `${box.apiCredential.secret}\n`);
    const both = await run(['list', '--secret', box.apiCredential.secret, '--secret-file', file], noSecretEnv);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--secret and --secret-file exclude each other/);
    assertNoSecret(both, allSecrets());
    const bothPassword = await run(['list', '--username', 'admin', '--password', 'p', '--password-file', file], noSecretEnv);
    assert.equal(bothPassword.code, 2);
    assert.match(bothPassword.stderr, /--password and --password-file exclude each other/);

    const empty = await secretFile(dir, 'empty', '\n');
    const emptyResult = await run(['list', '--secret-file', empty], noSecretEnv);
    assert.equal(emptyResult.code, 2);
    assert.equal(emptyResult.stderr, `whmcs-oauth: the API secret file ${empty} (--secret-file) is empty: it must hold the API secret\n`);

    const missing = join(dir, 'no such file');
    const missingResult = await run(['list'], { ...noSecretEnv, WHMCS_API_SECRET_FILE: missing });
    assert.equal(missingResult.code, 2);
    assert.equal(missingResult.stderr, `whmcs-oauth: cannot read the API secret file ${missing}: no such file or directory (ENOENT)\n`);
    const folder = join(dir, 'a folder');
    await mkdir(folder);
    const folderResult = await run(['list', '--secret-file', folder], noSecretEnv);
    assert.equal(folderResult.code, 2);
    assert.match(folderResult.stderr, /^whmcs-oauth: cannot read the API secret file .*a folder: .*\(EISDIR\)\n$/);
  });
});

describe('plain http to another machine', () => {
  const url = 'http://billing.example.test/whmcs';

  test('is refused (exit 2) before any secret is read: no keychain, no file, no connection', async () => {
    const bus = await startFakeSessionBus();
    const proxy = await startConnectProxy();
    try {
      const base = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address };
      const args = ['list', '--url', url, '--proxy', proxy.url];
      const noSecret = { WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: '', NO_PROXY: '', no_proxy: '' };
      const fromKeychain = await run(args, noSecret, base);
      assert.equal(fromKeychain.code, 2, fromKeychain.stderr);
      assert.equal(
        fromKeychain.stderr,
        `whmcs-oauth: "${url}" is not a usable WHMCS URL: plain http would send the API secret unencrypted to another machine. Use the https:// address of WHMCS. Only if this server cannot do TLS, allow plain http for it explicitly (allowInsecureHttp in the server settings, --allow-insecure-http in the CLI).\n`,
      );
      assert.equal(bus.connections, 0, 'the keychain was asked for a secret of a refused URL');
      const fromFile = await run([...args, '--secret-file', join(tmpdir(), 'whmcs-oauth-no-such-secret-file')], noSecret, base);
      assert.equal(fromFile.code, 2);
      assert.match(fromFile.stderr, /plain http would send the API secret unencrypted/, 'the file was read before the URL was checked');
      const fromStdin = await run([...args, '--secret-file', '-'], noSecret, base, '\n');
      assert.match(fromStdin.stderr, /plain http would send the API secret unencrypted/, 'standard input was read before the URL was checked');
      assert.equal(bus.connections, 0);
      assert.equal(proxy.connections, 0, 'something was contacted for a refused URL');
    } finally {
      await proxy.close();
      await bus.close();
    }
  });

  test('--allow-insecure-http (or WHMCS_ALLOW_INSECURE_HTTP=1) lets it through, with a warning', async () => {
    // undici tunnels plain-http targets through CONNECT too: the proxy maps the name to the sandbox.
    const proxy = await startConnectProxy({ hostMap: { 'billing.example.test:80': Number(new URL(box.url).port) } });
    try {
      const viaProxy = { ...env, WHMCS_URL: url, NO_PROXY: '', no_proxy: '' };
      const refused = await run(['list', '--proxy', proxy.url], viaProxy);
      assert.equal(refused.code, 2);
      assert.equal(proxy.connections, 0);

      const allowed = await run(['--proxy', proxy.url, '--allow-insecure-http', 'list', '--json'], viaProxy);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.deepEqual(
        (JSON.parse(allowed.stdout) as Array<{ clientIdentifier: string }>).map((c) => c.clientIdentifier).sort(),
        box.state.listCredentials().map((c) => c.clientIdentifier).sort(),
      );
      assert.equal(
        allowed.stderr,
        'whmcs-oauth: WARNING: plain http to billing.example.test (--allow-insecure-http): the credentials and every answer cross the network unencrypted.\n',
      );
      assert.ok(proxy.tunnels >= 1 && proxy.targets.every((t) => t === 'billing.example.test:80'), proxy.targets.join());
      assertNoSecret(allowed, allSecrets());

      const byVariable = await run(['list', '--proxy', proxy.url], { ...viaProxy, WHMCS_ALLOW_INSECURE_HTTP: '1' });
      assert.equal(byVariable.code, 0, byVariable.stderr);
      const loopback = await run(['list'], env);
      assert.equal(loopback.stderr, '', 'loopback http needs no flag and gets no warning');
    } finally {
      await proxy.close();
    }
  });
});
