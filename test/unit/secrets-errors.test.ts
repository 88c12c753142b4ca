// What users are told when the keychain fails: the native messages @napi-rs/keyring really gives,
// mapped to a reason and a hint, and never a secret in any of it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as Keyring from '@napi-rs/keyring';
import { classifyKeychainFailure, keychainError, keychainModuleError } from '../../src/core/secrets/keychainErrors';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { SecretStoreError } from '../../src/core/secrets/secretStore';

const SECRET = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUA==';

const NO_BUS =
  'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead';
const NO_BUS_ON_LIST = 'zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)';
const NO_PROVIDER = 'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files';
const NO_PROVIDER_ON_LIST =
  'zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files';
const LOCKED_ON_WRITE = "Couldn't access platform storage: Secret Service: no result found";
const PROMPT_DISMISSED = "Couldn't access platform storage: Secret Service: unlock prompt was dismissed";
const LOCKED_ON_LIST = 'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object';
const KERNEL_KEYRING = "Couldn't access platform storage: AccessDenied";
const SANDBOXED = 'zbus error: org.freedesktop.DBus.Error.AccessDenied: Rejected send message';

describe('classifyKeychainFailure on Linux (Secret Service)', () => {
  const cases: Array<[string, string, 'unavailable' | 'locked' | 'failed', RegExp]> = [
    ['no session bus', NO_BUS, 'unavailable', /DBUS_SESSION_BUS_ADDRESS/],
    ['no session bus, when listing', NO_BUS_ON_LIST, 'unavailable', /DBUS_SESSION_BUS_ADDRESS/],
    ['no Secret Service provider', NO_PROVIDER, 'unavailable', /Secret Service.*gnome-keyring/],
    ['no Secret Service provider, when listing', NO_PROVIDER_ON_LIST, 'unavailable', /gnome-keyring/],
    ['locked keyring on write', LOCKED_ON_WRITE, 'locked', /unlock/i],
    ['dismissed unlock prompt', PROMPT_DISMISSED, 'locked', /unlock/i],
    ['locked keyring when listing', LOCKED_ON_LIST, 'locked', /unlock/i],
    ['kernel keyring refusal', KERNEL_KEYRING, 'unavailable', /Secret Service/],
    ['sandbox without access to the bus name', SANDBOXED, 'unavailable', /Flatpak|org\.freedesktop\.secrets/],
    ['duplicates', 'Entry is matched by 2 credentials: [...]', 'failed', /duplicates/],
    ['anything else', 'Platform failure: something new', 'failed', /Secret Service/],
  ];
  for (const [name, message, reason, hint] of cases) {
    test(name, () => {
      const result = classifyKeychainFailure(message, 'linux');
      assert.equal(result.reason, reason);
      assert.match(result.hint, hint);
    });
  }
});

describe('classifyKeychainFailure on macOS and Windows', () => {
  test('a locked macOS Keychain', () => {
    const result = classifyKeychainFailure("Couldn't access platform storage: User interaction is not allowed.", 'darwin');
    assert.equal(result.reason, 'locked');
    assert.match(result.hint, /login keychain/);
  });

  test('no macOS keychain at all', () => {
    const result = classifyKeychainFailure(
      "Couldn't access platform storage: No keychain is available. You may need to restart your computer.",
      'darwin',
    );
    assert.equal(result.reason, 'unavailable');
    assert.match(result.hint, /Keychain Access/);
  });

  test('Windows without a logon session', () => {
    const result = classifyKeychainFailure(
      "Couldn't access platform storage: A specified logon session does not exist. It may already have been terminated.",
      'win32',
    );
    assert.equal(result.reason, 'unavailable');
    assert.match(result.hint, /Credential Manager/);
  });

  test('the same message gets a hint for the platform it came from', () => {
    assert.doesNotMatch(classifyKeychainFailure(KERNEL_KEYRING, 'darwin').hint, /Secret Service/);
    assert.doesNotMatch(classifyKeychainFailure(KERNEL_KEYRING, 'win32').hint, /Secret Service/);
  });
});

describe('keychainError', () => {
  test('names the operation, the account and the store', () => {
    const error = keychainError(new Error(LOCKED_ON_WRITE), { operation: 'store', account: 'example.com/ID', platform: 'linux' });
    assert.ok(error instanceof SecretStoreError);
    assert.equal(error.name, 'SecretStoreError');
    assert.equal(error.reason, 'locked');
    assert.match(error.message, /store the secret of "example\.com\/ID" in the OS keychain \(Secret Service\): .*no result found/);
  });

  test('cuts the secret out of whatever the native side says', () => {
    const error = keychainError(new Error(`Platform failure: bad value ${SECRET} (${SECRET})`), {
      operation: 'store',
      account: 'example.com/ID',
      secret: SECRET,
      platform: 'linux',
    });
    assertSecretAbsent(error);
    assert.match(error.message, /bad value \[secret\]/);
  });

  test('a module that cannot load is unavailable, with the platform named', () => {
    const error = keychainModuleError(new Error('Cannot find native binding.'), 'linux', 'riscv64');
    assert.equal(error.reason, 'unavailable');
    assert.match(error.message, /linux-riscv64/);
    assert.match(error.hint, /linux-riscv64/);
  });
});

describe('KeychainSecretStore turns native failures into SecretStoreErrors', () => {
  test('does not load the native module until it is used, and tries only once', async () => {
    let loads = 0;
    const store = new KeychainSecretStore({
      platform: 'linux',
      loadKeyring: () => {
        loads++;
        throw new Error('Cannot find native binding.');
      },
    });
    assert.equal(loads, 0);
    assert.equal(store.kind, 'keychain');
    assert.equal(store.description, 'the OS keychain (Secret Service)');
    for (const attempt of [() => store.get('a'), () => store.set('a', SECRET), () => store.accounts(), () => store.probe()]) {
      await assert.rejects(attempt(), (error: unknown) => {
        assert.ok(error instanceof SecretStoreError);
        assert.equal(error.reason, 'unavailable');
        assertSecretAbsent(error);
        return true;
      });
    }
    assert.equal(loads, 1);
  });

  test('no session bus: the entry constructor throws', async () => {
    const store = storeOver(fakeKeyring({ construct: () => fail(NO_BUS) }));
    await assert.rejects(store.set('example.com/ID', SECRET), (error: unknown) => {
      assert.ok(error instanceof SecretStoreError);
      assert.equal(error.reason, 'unavailable');
      assert.match(error.hint, /DBUS_SESSION_BUS_ADDRESS/);
      assertSecretAbsent(error);
      return true;
    });
  });

  test('locked keyring: the write rejects', async () => {
    const store = storeOver(fakeKeyring({ setPassword: () => fail(LOCKED_ON_WRITE) }));
    await assert.rejects(store.set('example.com/ID', SECRET), { name: 'SecretStoreError', reason: 'locked' });
    await assert.rejects(store.probe(), (error: unknown) => {
      assert.ok(error instanceof SecretStoreError);
      assert.equal(error.reason, 'locked');
      // The throw-away probe account means nothing to a user.
      assert.match(error.message, /^Could not use the OS keychain \(Secret Service\): /);
      assert.doesNotMatch(error.message, /\.probe\//);
      return true;
    });
  });

  test('a native error that echoes the secret is redacted', async () => {
    const store = storeOver(fakeKeyring({ setPassword: (secret) => fail(`Platform failure: cannot store ${secret}`) }));
    await assert.rejects(store.set('example.com/ID', SECRET), (error: unknown) => {
      assert.ok(error instanceof SecretStoreError);
      assertSecretAbsent(error);
      return true;
    });
  });

  test('a store that does not keep the value is a failure, not a success', async () => {
    const store = storeOver(fakeKeyring({ getPassword: () => null }));
    await assert.rejects(store.set('example.com/ID', SECRET), (error: unknown) => {
      assert.ok(error instanceof SecretStoreError);
      assert.equal(error.reason, 'failed');
      assertSecretAbsent(error);
      return true;
    });
  });

  test('listing maps its own errors and hides probe entries', async () => {
    const failing = storeOver(fakeKeyring({ find: () => fail(LOCKED_ON_LIST) }));
    await assert.rejects(failing.accounts(), { reason: 'locked' });

    const listing = storeOver(
      fakeKeyring({
        find: () => [
          { account: 'b.example/ID', password: SECRET },
          { account: '.probe/123', password: 'x' },
          { account: 'a.example/ID', password: SECRET },
        ],
      }),
    );
    assert.deepEqual(await listing.accounts(), ['a.example/ID', 'b.example/ID']);
    assert.deepEqual(await listing.accounts('b.'), ['b.example/ID']);
  });
});

function assertSecretAbsent(error: SecretStoreError): void {
  // Checked without assert.equal/match on the secret, so a failure never prints it.
  for (const text of [error.message, error.hint, String(error), error.stack ?? '', JSON.stringify(error)]) {
    assert.ok(!text.includes(SECRET), 'the secret appears in the error');
  }
}

function fail(message: string): never {
  throw new Error(message);
}

interface FakeBehaviour {
  construct?: () => void;
  setPassword?: (secret: string) => void;
  getPassword?: () => string | null;
  find?: () => Keyring.Credential[];
}

/** A stand-in for @napi-rs/keyring whose operations fail the way the native module does. */
function fakeKeyring(behaviour: FakeBehaviour): typeof Keyring {
  const stored = new Map<string, string>();
  class FakeEntry {
    constructor(
      _service: string,
      private readonly account: string,
    ) {
      behaviour.construct?.();
    }
    async setPassword(secret: string): Promise<void> {
      behaviour.setPassword?.(secret);
      stored.set(this.account, secret);
    }
    async getPassword(): Promise<string | null> {
      return behaviour.getPassword ? behaviour.getPassword() : (stored.get(this.account) ?? null);
    }
    async deleteCredential(): Promise<boolean> {
      return stored.delete(this.account);
    }
  }
  return {
    AsyncEntry: FakeEntry,
    findCredentialsAsync: async () => (behaviour.find ? behaviour.find() : []),
  } as unknown as typeof Keyring;
}

function storeOver(keyring: typeof Keyring): KeychainSecretStore {
  return new KeychainSecretStore({ platform: 'linux', loadKeyring: () => keyring });
}
