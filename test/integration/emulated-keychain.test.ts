// The linux-arm64 and linux-armhf VSIXes, run where this x64 machine can: each VSIX is unpacked,
// and a Node of the target's architecture (from the npm registry) runs under qemu-user, loads the
// VSIX's own @napi-rs/keyring as the extension bundle would, and round-trips a secret through the
// private Secret Service of scripts/with-keyring.sh: it reads an entry this process stored, stores
// a new one, and this process reads that back. Windows, macOS and Alpine (no musl Node on the npm
// registry) cannot run here; their binaries are checked by header in platform-vsix.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KEYCHAIN_SERVICE, apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { runProcess } from './support/runProcess';
import { zipEntries, zipEntryBytes } from './support/zipEntries';

const root = resolve(__dirname, '../..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** qemu-user binaries and the target's C libraries (scripts/provision.sh installs both). */
const EMULATION: Record<string, { qemu: string; sysroot: string; arch: string; binary: string }> = {
  'linux-arm64': { qemu: 'qemu-aarch64-static', sysroot: '/usr/aarch64-linux-gnu', arch: 'arm64', binary: 'keyring-linux-arm64-gnu/keyring.linux-arm64-gnu.node' },
  'linux-armhf': { qemu: 'qemu-arm-static', sysroot: '/usr/arm-linux-gnueabihf', arch: 'arm', binary: 'keyring-linux-arm-gnueabihf/keyring.linux-arm-gnueabihf.node' },
};

const work = mkdtempSync(join(tmpdir(), 'whmcs-oauth-emulated-'));
after(() => rmSync(work, { recursive: true, force: true }));

function unpackExtension(vsix: string, into: string): string {
  for (const { name } of zipEntries(vsix)) {
    if (name.endsWith('/')) continue;
    const file = join(into, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, zipEntryBytes(vsix, name));
  }
  return join(into, 'extension');
}

/** "<target> <node binary>" lines of scripts/emulation/provision.sh (which caches the builds). */
async function foreignNodes(): Promise<Map<string, string>> {
  const provisioned = await runProcess('bash', [join(root, 'scripts', 'emulation', 'provision.sh')]);
  assert.equal(provisioned.code, 0, `scripts/emulation/provision.sh failed: ${provisioned.stderr}`);
  return new Map(provisioned.stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
}

if (process.env.WHMCS_OAUTH_TEST_KEYRING !== '1') {
  test('the emulated keychain suite runs inside a private Secret Service', () => {
    assert.fail('run it through scripts/with-keyring.sh (npm test does)');
  });
} else {
  const store = new KeychainSecretStore();
  const nodes = foreignNodes();
  for (const [target, emulation] of Object.entries(EMULATION)) {
    test(`the ${target} VSIX's keychain binary round-trips a secret under qemu-user`, async () => {
      const node = (await nodes).get(target);
      assert.ok(node, `no Node for ${target} from scripts/emulation/provision.sh`);
      const extensionDir = unpackExtension(join(root, 'dist', `whmcs-oauth-${target}-${version}.vsix`), join(work, target));
      // An account of the extension's own layout, origin and all.
      const account = apiSecretAccount(serverKey(`https://emulated-${randomUUID().slice(0, 8)}.example/whmcs`), target);
      const expected = randomBytes(32).toString('base64');
      const next = randomBytes(32).toString('base64');
      await store.set(account, expected);
      try {
        const run = await runProcess(emulation.qemu, [node, join(__dirname, 'support', 'keyringRoundTrip.cjs')], {
          env: { ...process.env, QEMU_LD_PREFIX: emulation.sysroot },
          input: JSON.stringify({ extensionDir, service: KEYCHAIN_SERVICE, account, expected, next }),
        });
        assert.equal(run.code, 0, `the ${target} Node failed: ${run.stderr}`);
        const facts = JSON.parse(run.stdout) as { arch: string; loaded: string[]; readTheStoredSecret: boolean; storedAndReadBack: boolean };
        assert.equal(facts.arch, emulation.arch, 'the architecture the keyring ran on');
        assert.deepEqual(facts.loaded, [`node_modules/@napi-rs/${emulation.binary}`], 'the native module it loaded');
        assert.ok(facts.readTheStoredSecret, `the ${target} keyring did not read the secret this process stored`);
        assert.ok(facts.storedAndReadBack, `the ${target} keyring did not read back what it stored`);
        assert.equal(await store.get(account), next, `this process does not find the secret the ${target} keyring stored`);
      } finally {
        await store.delete(account);
      }
    });
  }
}
