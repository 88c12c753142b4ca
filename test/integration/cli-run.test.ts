// runCli in-process against the sandbox WHMCS: where a secret the CLI reads or receives goes, and
// exactly what it prints. cli.test.ts runs the same paths as a real process; this one is fast
// enough for `npm run mutation`, which runs it for every change to that code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { EXIT, runCli } from '../../src/cli/run';
import { MemorySecretStore } from '../../src/core/secrets/memoryStore';
import { SecretStoreError, type SecretStore } from '../../src/core/secrets/secretStore';
import { clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';

let box: Sandbox;
let dir: string;

before(async () => {
  box = await createSandbox();
  dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-cli-run-'));
});

after(async () => {
  await box.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], options: { store?: SecretStore; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? { WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: box.apiCredential.secret },
    secretStore: () => options.store ?? new MemorySecretStore(),
    readStdin: async () => options.stdin ?? '',
    version: '9.9.9',
  });
  return { code, stdout, stderr };
}

class FailingStore extends MemorySecretStore {
  override async set(): Promise<void> {
    throw new SecretStoreError('unavailable', 'no Secret Service on this bus', 'Start one.');
  }
}

function secretOf(credentialId: number): string {
  const secret = box.state.getCredential(credentialId)?.clientSecret;
  assert.ok(secret);
  return secret;
}

function assertNoSecret(run: Run, secret: string): void {
  assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'a secret was printed');
}

describe('a new client secret is kept before anything is printed', () => {
  test('reset-secret: stored, and only where is printed', async () => {
    const store = new MemorySecretStore();
    const id = 1;
    const before = secretOf(id);
    const run = await cli(['reset-secret', String(id)], { store });
    const secret = secretOf(id);
    assert.ok(secret !== before, 'not reset');
    const clientIdentifier = box.state.getCredential(id)?.clientIdentifier ?? '';
    const account = clientSecretAccount(serverKey(box.url), clientIdentifier);
    assert.equal(run.code, EXIT.ok);
    assert.ok((await store.get(account)) === secret, 'the store does not hold the new secret');
    assert.equal(run.stdout, `New client secret of credential ${id} (${clientIdentifier}) stored in ${store.description}: service "whmcs-oauth", account "${account}".\n`);
    assert.equal(run.stderr, '');
    assertNoSecret(run, secret);
  });

  test('reset-secret --print-secret: the secret alone on stdout, the message on stderr', async () => {
    const run = await cli(['reset-secret', '2', '--print-secret']);
    assert.equal(run.code, EXIT.ok);
    assert.ok(run.stdout === `${secretOf(2)}\n`, 'stdout is not the secret alone');
    assert.match(run.stderr, /^New client secret of credential 2 \(.+\) stored in memory/);
    assert.ok(!run.stderr.includes(secretOf(2)), 'the secret is on stderr');
  });

  test('--json: where it is stored, and the secret only with --print-secret', async () => {
    const store = new MemorySecretStore();
    const plain = await cli(['reset-secret', '4', '--json'], { store });
    const clientIdentifier = box.state.getCredential(4)?.clientIdentifier ?? '';
    assert.equal(plain.code, EXIT.ok);
    assert.deepEqual(JSON.parse(plain.stdout), {
      credentialId: 4,
      clientIdentifier,
      stored: true,
      store: store.description,
      service: 'whmcs-oauth',
      account: clientSecretAccount(serverKey(box.url), clientIdentifier),
    });
    assertNoSecret(plain, secretOf(4));
    const printed = await cli(['reset-secret', '4', '--json', '--print-secret']);
    assert.ok((JSON.parse(printed.stdout) as { clientSecret?: string }).clientSecret === secretOf(4), 'no clientSecret in the JSON');
  });

  test('a store that fails: the secret is printed rather than lost, exit 4', async () => {
    const run = await cli(['reset-secret', '5'], { store: new FailingStore() });
    assert.equal(run.code, EXIT.secretNotStored);
    assert.ok(run.stdout === `${secretOf(5)}\n`, 'the secret was not printed');
    assert.equal(
      run.stderr,
      'whmcs-oauth: WARNING: the client secret could not be stored in the keychain (no Secret Service on this bus Start one.). It is printed below; save it now, WHMCS will not show it again.\n',
    );
    const json = await cli(['reset-secret', '5', '--json'], { store: new FailingStore() });
    assert.equal(json.code, EXIT.secretNotStored);
    const answer = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.ok(answer['clientSecret'] === secretOf(5), 'the JSON lacks the secret');
    assert.deepEqual({ ...answer, clientSecret: undefined }, { credentialId: 5, clientIdentifier: box.state.getCredential(5)?.clientIdentifier, stored: false, clientSecret: undefined });
  });

  test('save-secret and create say what they stored', async () => {
    const store = new MemorySecretStore();
    const saved = await cli(['save-secret', '6'], { store });
    assert.equal(saved.code, EXIT.ok);
    assert.match(saved.stdout, /^Client secret of credential 6 \(/);
    const created = await cli(['create', '--grant-type', 'authorization_code', '--name', 'Made', '--scope', 'openid', '--redirect-uri', 'https://made.example/cb'], { store });
    assert.equal(created.code, EXIT.ok, created.stderr);
    assert.match(created.stdout, /^Created credential \d+ \(/);
    assert.equal((await store.accounts()).length, 2);
  });
});

describe('reading a secret from a file or standard input', () => {
  const env = (extra: NodeJS.ProcessEnv) => ({ WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, ...extra });

  async function file(name: string, content: string, mode: number): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    await chmod(path, mode);
    return path;
  }

  test('a private file is used less one trailing newline, without a warning', async () => {
    const path = await file('private', `${box.apiCredential.secret}\n`, 0o600);
    const run = await cli(['list', '--secret-file', path], { env: env({}) });
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.equal(run.stderr, '');
  });

  test('a file others can read is used, with a warning that shows its mode and a quoted chmod', async () => {
    const path = await file("other's secret", box.apiCredential.secret, 0o644);
    const run = await cli(['list'], { env: env({ WHMCS_API_SECRET_FILE: path }) });
    assert.equal(run.code, EXIT.ok);
    assert.equal(run.stderr, `whmcs-oauth: WARNING: the API secret file ${path} can be accessed by other users (mode 0644); run chmod 600 '${path.replace(/'/g, `'\\''`)}'\n`);
    const plain = await file('group-readable', box.apiCredential.secret, 0o640);
    const warned = await cli(['list', '--secret-file', plain], { env: env({}) });
    assert.ok(warned.stderr.endsWith(`(mode 0640); run chmod 600 ${plain}\n`), warned.stderr);
  });

  test('empty, missing and standard input', async () => {
    const empty = await file('empty', '\n', 0o600);
    const emptyRun = await cli(['list', '--secret-file', empty], { env: env({}) });
    assert.equal(emptyRun.code, EXIT.usage);
    assert.equal(emptyRun.stderr, `whmcs-oauth: the API secret file ${empty} (--secret-file) is empty: it must hold the API secret\n`);
    const missing = join(dir, 'missing');
    const missingRun = await cli(['list', '--secret-file', missing], { env: env({}) });
    assert.equal(missingRun.code, EXIT.usage);
    assert.equal(missingRun.stderr, `whmcs-oauth: cannot read the API secret file ${missing}: no such file or directory (ENOENT)\n`);
    const fromStdin = await cli(['list', '--secret-file', '-'], { env: env({}), stdin: `${box.apiCredential.secret}\r\n` });
    assert.equal(fromStdin.code, EXIT.ok, fromStdin.stderr);
    const emptyStdin = await cli(['list', '--secret-file', '-'], { env: env({}), stdin: '' });
    assert.equal(emptyStdin.stderr, 'whmcs-oauth: standard input (--secret-file -) is empty: it must hold the API secret\n');
    const directory = await cli(['list', '--secret-file', dir], { env: env({}) });
    assert.equal(directory.stderr, `whmcs-oauth: cannot read the API secret file ${dir}: illegal operation on a directory (EISDIR)\n`);
  });
});
