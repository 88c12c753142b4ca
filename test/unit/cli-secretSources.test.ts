import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  argvWarning,
  checkOneStdinReader,
  chooseSecretSource,
  readSecret,
  SECRET_INPUTS,
  withoutOneTrailingNewline,
  type SecretInput,
} from '../../src/cli/secretSources';
import { parseCommandLine, UsageError } from '../../src/cli/args';

const input = SECRET_INPUTS.secret;

test('which source wins: flag > file flag > variable > variable file > (keychain)', () => {
  const env = { WHMCS_API_SECRET: 'from-env', WHMCS_API_SECRET_FILE: '/env/file' };
  assert.deepEqual(chooseSecretSource(input, 'from-flag', undefined, env), { kind: 'argv', input, value: 'from-flag' });
  assert.deepEqual(chooseSecretSource(input, undefined, '/flag/file', env), { kind: 'file', input, path: '/flag/file', origin: '--secret-file' });
  assert.deepEqual(chooseSecretSource(input, undefined, undefined, env), { kind: 'env', input, value: 'from-env' });
  assert.deepEqual(chooseSecretSource(input, undefined, undefined, { WHMCS_API_SECRET_FILE: '/env/file' }), {
    kind: 'file',
    input,
    path: '/env/file',
    origin: 'WHMCS_API_SECRET_FILE',
  });
  assert.equal(chooseSecretSource(input, undefined, undefined, {}), undefined);
  assert.throws(() => chooseSecretSource(input, 'v', '/f', {}), (e: unknown) => e instanceof UsageError && /--secret and --secret-file exclude/.test(e.message));
});

test('one trailing newline is not part of the secret, a second one is', () => {
  assert.equal(withoutOneTrailingNewline('s3cret\n'), 's3cret');
  assert.equal(withoutOneTrailingNewline('s3cret\r\n'), 's3cret');
  assert.equal(withoutOneTrailingNewline('s3cret\n\n'), 's3cret\n');
  assert.equal(withoutOneTrailingNewline('s3cret'), 's3cret');
  assert.equal(withoutOneTrailingNewline(' s3cret \n'), ' s3cret ', 'spaces may be part of a secret');
  assert.equal(withoutOneTrailingNewline('line-one\nline-two'), 'line-one\nline-two', 'a newline inside is part of the secret');
});

test('only one secret can read standard input', () => {
  const stdin = (i: SecretInput) => chooseSecretSource(i, undefined, '-', {});
  assert.doesNotThrow(() => checkOneStdinReader([stdin(SECRET_INPUTS.secret), undefined, chooseSecretSource(SECRET_INPUTS.accessKey, undefined, '/f', {})]));
  assert.throws(() => checkOneStdinReader([stdin(SECRET_INPUTS.secret), stdin(SECRET_INPUTS.password)]), {
    constructor: UsageError,
    message: 'only one secret can come from standard input, not --secret-file - and --password-file -',
  });
});

test('only a value typed on the command line warns, and the warning never holds it', () => {
  const value = 'Very-Secret-Value';
  const warning = argvWarning(chooseSecretSource(input, value, undefined, {}));
  assert.ok(warning && !warning.includes(value));
  assert.equal(
    warning,
    'WARNING: --secret puts the API secret where other users can see it (the process list) and keeps it in your shell history; ' +
      'prefer the keychain entry the extension stores, WHMCS_API_SECRET, or --secret-file PATH (- for standard input).',
  );
  assert.equal(argvWarning(undefined), undefined, 'no source at all: nothing to warn about');
  assert.equal(argvWarning(chooseSecretSource(input, undefined, undefined, { WHMCS_API_SECRET: value })), undefined);
  assert.equal(argvWarning(chooseSecretSource(input, undefined, '-', {})), undefined);
});

test('--allow-insecure-http and WHMCS_ALLOW_INSECURE_HTTP', () => {
  const base = ['list', '--url', 'http://billing.example.test', '--identifier', 'id'];
  const allow = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const parsed = parseCommandLine(argv, env);
    assert.ok(parsed.kind === 'list');
    return parsed.connection.allowInsecureHttp;
  };
  assert.equal(allow(base), false);
  assert.equal(allow([...base, '--allow-insecure-http']), true);
  assert.equal(allow(base, { WHMCS_ALLOW_INSECURE_HTTP: '1' }), true);
  assert.equal(allow(base, { WHMCS_ALLOW_INSECURE_HTTP: 'true' }), true);
  assert.equal(allow(base, { WHMCS_ALLOW_INSECURE_HTTP: '0' }), false);
  assert.equal(allow(base, { WHMCS_ALLOW_INSECURE_HTTP: '' }), false);
  assert.throws(() => allow(base, { WHMCS_ALLOW_INSECURE_HTTP: 'maybe' }), /WHMCS_ALLOW_INSECURE_HTTP must be 1 or 0/);
});

test('a file others can read warns on Unix only: Windows does not keep those mode bits', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-secret-file-'));
  try {
    const path = join(dir, 'secret');
    await writeFile(path, 'file-secret\n');
    await chmod(path, 0o644);
    const source = chooseSecretSource(input, undefined, path, {});
    assert.ok(source);
    for (const [platform, warnings] of [['linux', 1], ['darwin', 1], ['win32', 0]] as const) {
      const warned: string[] = [];
      const value = await readSecret(source, { readStdin: async () => '', warn: (line) => void warned.push(line), platform });
      assert.equal(value, 'file-secret');
      assert.equal(warned.length, warnings, platform);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('reading a secret file leaves no file descriptor open, whether it worked or not', { skip: process.platform !== 'linux' && 'counts /proc/self/fd' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-secret-file-'));
  try {
    const path = join(dir, 'secret');
    await writeFile(path, 'file-secret\n', { mode: 0o600 });
    const io = { readStdin: async () => '', warn: () => undefined, platform: process.platform };
    const openDescriptors = async () => (await readdir('/proc/self/fd')).length;
    const readBoth = async () => {
      assert.equal(await readSecret({ kind: 'file', input, path, origin: '--secret-file' }, io), 'file-secret');
      // A directory opens, then fails to read.
      await assert.rejects(readSecret({ kind: 'file', input, path: dir, origin: '--secret-file' }, io), UsageError);
    };
    await readBoth(); // warm-up: whatever Node opens once
    const before = await openDescriptors();
    for (let i = 0; i < 10; i++) await readBoth();
    // A leak would add 20; the margin absorbs descriptors Node itself opens or closes meanwhile.
    assert.ok((await openDescriptors()) - before < 10, 'file descriptors leaked');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an error without Node\'s "CODE: reason" message is named by its code', async () => {
  const io = { readStdin: async () => '', warn: () => undefined, platform: process.platform };
  await assert.rejects(readSecret({ kind: 'file', input, path: 'bad\0path', origin: '--secret-file' }, io), {
    constructor: UsageError,
    message: 'cannot read the API secret file bad\0path: ERR_INVALID_ARG_VALUE',
  });
});
