// The built `whmcs-oauth` executable run as a process against the sandbox WHMCS and the real
// Secret Service (the suite runs inside scripts/with-keyring.sh).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/secrets/keychainStore';
import { apiSecretAccount, clientSecretAccount, serverKey } from '../../src/secrets/keychainLayout';
import { runProcess, type ProcessResult } from './support/runProcess';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/cli.js');
const keychain = new KeychainSecretStore();
const accountsToClean: string[] = [];


function run(args: string[], env: NodeJS.ProcessEnv = {}, base: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], { env: { ...base, ...env } });
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
      const repaired = await run(['update', String(again.credentialId), '--scope', 'email profile', '--repair'], defectEnv);
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.deepEqual(defect.state.getCredential(again.credentialId)?.scope.split(' ').sort(), ['email', 'profile']);
    } finally {
      await defect.close();
    }
  });
});
