// KeychainSecretStore against a real Secret Service (gnome-keyring), the one scripts/with-keyring.sh
// starts on a private D-Bus session; and, in child processes, against no bus, no provider and no
// unlocked keyring. Secret values are compared, never printed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  KEYCHAIN_SERVICE,
  accessKeyAccount,
  adminPasswordAccount,
  apiSecretAccount,
  clientSecretAccount,
  serverAccountPrefix,
} from '../../src/core/secrets/keychainLayout';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { runProcess } from './support/runProcess';

const root = resolve(__dirname, '../..');

if (process.env.WHMCS_OAUTH_TEST_KEYRING !== '1') {
  // Never skip, and never touch the keychain of whoever runs this by mistake.
  test('the keychain suite runs inside a private Secret Service', () => {
    assert.fail(
      'WHMCS_OAUTH_TEST_KEYRING is not set: run this suite through scripts/with-keyring.sh, e.g. ' +
        '`bash scripts/with-keyring.sh node --import tsx --test test/integration/keychain.test.ts`',
    );
  });
} else {
  defineSuite();
}

function defineSuite(): void {
  const store = new KeychainSecretStore();
  // One server key per run, so that runs never see each other's entries.
  const server = `keychain-test-${randomUUID().slice(0, 8)}.example:8443/whmcs`;
  const prefix = serverAccountPrefix(server);
  const realisticSecret = () => randomBytes(64).toString('base64'); // what WHMCS returns: 88 chars

  after(async () => {
    for (const account of await store.accounts(prefix)) await store.delete(account);
  });

  describe('KeychainSecretStore on the real Secret Service', () => {
    test('describes itself as the OS keychain', () => {
      assert.equal(store.kind, 'keychain');
      assert.equal(store.description, 'the OS keychain (Secret Service)');
    });

    test('probe() succeeds and leaves nothing behind', async () => {
      await store.probe();
      const everything = await listWithSecretTool();
      assert.ok(!everything.some((account) => account.startsWith('.probe/')), 'a probe entry was left behind');
    });

    test('set, get, overwrite and delete', async () => {
      const account = clientSecretAccount(server, 'ACME.set-get');
      const first = realisticSecret();
      const second = realisticSecret();
      assert.equal(await store.get(account), undefined);

      await store.set(account, first);
      assertSameSecret(await store.get(account), first);

      await store.set(account, second);
      assertSameSecret(await store.get(account), second);
      assert.deepEqual(await store.accounts(account), [account], 'an overwrite must not add a second entry');

      assert.equal(await store.delete(account), true);
      assert.equal(await store.get(account), undefined);
      assert.equal(await store.delete(account), false);
    });

    test('unicode and long secrets come back unchanged', async () => {
      const cases = {
        unicode: 'pässwörd-🔑-密码-\u0000-\t"\'\\ end',
        long: randomBytes(12 * 1024).toString('base64'),
        spaces: '  leading and trailing  \n',
      };
      for (const [name, secret] of Object.entries(cases)) {
        const account = clientSecretAccount(server, `ACME.${name}`);
        await store.set(account, secret);
        assertSameSecret(await store.get(account), secret, name);
        assert.equal(await store.delete(account), true);
      }
    });

    test('accounts(prefix) lists this server\'s entries of every kind, sorted', async () => {
      const accounts = [
        clientSecretAccount(server, 'ACME.SQxOYrZOUTQC8Y/kLQuQ0w=='),
        apiSecretAccount(server, 'Kp3ApiIdent'),
        adminPasswordAccount(server, 'admin'),
        accessKeyAccount(server),
      ];
      const elsewhere = clientSecretAccount(`other-${server}`, 'ACME.other');
      for (const account of [...accounts, elsewhere]) await store.set(account, realisticSecret());

      assert.deepEqual(await store.accounts(prefix), [...accounts].sort());
      const all = await store.accounts();
      for (const account of [...accounts, elsewhere]) assert.ok(all.includes(account), account);

      for (const account of [...accounts, elsewhere]) assert.equal(await store.delete(account), true);
      assert.deepEqual(await store.accounts(prefix), []);
    });

    test('an entry it writes is what `secret-tool lookup service whmcs-oauth username <account>` finds', async () => {
      const account = clientSecretAccount(server, 'ACME.visible/to+secret-tool==');
      const secret = realisticSecret();
      await store.set(account, secret);
      const lookup = await runProcess('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account]);
      assert.equal(lookup.code, 0, lookup.stderr);
      assertSameSecret(lookup.stdout, secret);
      assert.equal(await store.delete(account), true);
    });

    test('an entry written with `secret-tool store` is read and listed', async () => {
      const account = apiSecretAccount(server, 'stored-by-secret-tool');
      const secret = realisticSecret();
      const stored = await runProcess(
        'secret-tool',
        ['store', `--label=${account}`, 'service', KEYCHAIN_SERVICE, 'username', account],
        { input: secret },
      );
      assert.equal(stored.code, 0, stored.stderr);
      assertSameSecret(await store.get(account), secret);
      assert.ok((await store.accounts(prefix)).includes(account));
      assert.equal(await store.delete(account), true);
      const lookup = await runProcess('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account]);
      assert.equal(lookup.stdout, '', 'secret-tool still finds the deleted entry');
    });
  });

  describe('KeychainSecretStore without a usable Secret Service (child processes)', () => {
    const secret = realisticSecret();
    const scratch: string[] = [];
    after(async () => {
      for (const dir of scratch) await rm(dir, { recursive: true, force: true });
    });

    async function scratchDir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-keychain-test-'));
      scratch.push(dir);
      return dir;
    }

    test('no session bus: unavailable, with a hint naming DBUS_SESSION_BUS_ADDRESS', async () => {
      const env = isolatedEnv(await scratchDir());
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const outcome = await runStoreInChild([], env, secret);
      for (const operation of ['probe', 'set', 'get', 'accounts'] as const) {
        const failure = outcome[operation];
        assert.equal(failure?.name, 'SecretStoreError', `${operation}: ${JSON.stringify(failure)}`);
        assert.equal(failure.reason, 'unavailable', operation);
        assert.match(failure.hint ?? '', /DBUS_SESSION_BUS_ADDRESS/, operation);
        assert.match(failure.hint ?? '', /Secret Service/, operation);
      }
    });

    test('a session bus without a Secret Service: unavailable, with a hint to start one', async () => {
      const dir = await scratchDir();
      const config = join(dir, 'session.conf');
      await writeFile(config, sessionBusWithoutServices(dir));
      const outcome = await runStoreInChild(['dbus-run-session', `--config-file=${config}`, '--'], isolatedEnv(dir), secret);
      for (const operation of ['probe', 'set', 'accounts'] as const) {
        const failure = outcome[operation];
        assert.equal(failure?.reason, 'unavailable', `${operation}: ${JSON.stringify(failure)}`);
        assert.match(failure.hint ?? '', /No Secret Service.*gnome-keyring/, operation);
      }
    });

    test('a Secret Service without an unlocked keyring: locked, with a hint to unlock it', async () => {
      const dir = await scratchDir();
      // A fresh HOME: gnome-keyring starts with no keyring at all and nothing unlocked.
      const outcome = await runStoreInChild(
        ['dbus-run-session', '--', 'sh', '-c', 'gnome-keyring-daemon --start --components=secrets >/dev/null && exec "$@"', 'sh'],
        isolatedEnv(dir),
        secret,
      );
      for (const operation of ['probe', 'set'] as const) {
        const failure = outcome[operation];
        assert.equal(failure?.reason, 'locked', `${operation}: ${JSON.stringify(failure)}`);
        assert.match(failure.hint ?? '', /unlock/i, operation);
      }
    });
  });
}

type ChildOutcome = Record<'probe' | 'set' | 'get' | 'accounts', { name?: string; reason?: string; hint?: string } | undefined>;

/**
 * Runs probe/set/get/accounts of a KeychainSecretStore in a child Node (optionally behind a
 * wrapper command such as dbus-run-session) and returns the errors, after checking that nothing
 * the child printed contains the secret, which it reads from stdin.
 */
async function runStoreInChild(wrapper: string[], env: NodeJS.ProcessEnv, secret: string): Promise<ChildOutcome> {
  const script = `
    const { KeychainSecretStore } = require(${JSON.stringify(join(root, 'src/core/secrets/keychainStore.ts'))});
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', async () => {
      const secret = Buffer.concat(chunks).toString();
      const store = new KeychainSecretStore();
      const outcome = {};
      const operations = {
        probe: () => store.probe(),
        set: () => store.set('child-test.example/ACME.child', secret),
        get: () => store.get('child-test.example/ACME.child'),
        accounts: () => store.accounts(),
      };
      for (const [name, operation] of Object.entries(operations)) {
        try {
          await operation();
          outcome[name] = { name: 'success' };
        } catch (error) {
          outcome[name] = { name: error.name, reason: error.reason, hint: error.hint, message: error.message };
        }
      }
      process.stdout.write(JSON.stringify(outcome));
    });`;
  const [command, ...args] = [...wrapper, process.execPath, '--import', 'tsx', '-e', script];
  const result = await runProcess(command ?? process.execPath, args, { input: secret, env, cwd: root });
  assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'the child printed the secret');
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as ChildOutcome;
}

/** This environment minus the test bus and any display (no unlock prompt may pop up). */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_RUNTIME_DIR: home, XDG_DATA_HOME: join(home, 'data') };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'GNOME_KEYRING_CONTROL', 'SSH_AUTH_SOCK']) {
    delete env[name];
  }
  return env;
}

/** A session bus configuration with no service directories: nothing can be D-Bus activated. */
function sessionBusWithoutServices(dir: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;
}

function assertSameSecret(actual: string | undefined, expected: string, what = 'secret'): void {
  // Not assert.equal: its diff would print the secret.
  assert.ok(actual === expected, `${what}: got a different value (${actual?.length ?? 'no'} chars, expected ${expected.length})`);
}

async function listWithSecretTool(): Promise<string[]> {
  const search = await runProcess('secret-tool', ['search', '--all', 'service', KEYCHAIN_SERVICE]);
  return [...search.stdout.matchAll(/^attribute\.username = (.*)$/gm)].map((match) => match[1] ?? '');
}
