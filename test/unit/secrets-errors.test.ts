// What users are told when the keychain fails: the native messages @napi-rs/keyring really gives,
// mapped to a reason and a hint, and never a secret in any of it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as Keyring from '@napi-rs/keyring';
import { classifyKeychainFailure, keychainDescription, keychainError, keychainModuleError } from '../../src/core/secrets/keychainErrors';
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
    ['many duplicates', 'Entry is matched by 12 credentials: [...]', 'failed', /duplicates/],
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

describe('each hint says what to do, in full', () => {
  // Hints are built from pieces; each piece carries an instruction a user needs.
  const cases: Array<[string, string, NodeJS.Platform, RegExp[]]> = [
    ['no session bus', NO_BUS, 'linux', [/^No D-Bus session bus: run inside a desktop session, or start one \(e\.g\. `dbus-run-session`\) and set DBUS_SESSION_BUS_ADDRESS/, /such as gnome-keyring or KeePassXC running on it\.$/]],
    ['no provider', NO_PROVIDER, 'linux', [/install and start a Secret Service provider such as gnome-keyring or KeePassXC/, /\(e\.g\. `apt install gnome-keyring`, then `gnome-keyring-daemon --start --components=secrets`\)\.$/]],
    ['sandboxed', SANDBOXED, 'linux', [/^The session bus refused access to the Secret Service: if VS Code runs in a sandbox \(Flatpak, Snap\), /, /allow it to talk to org\.freedesktop\.secrets\.$/]],
    ['locked', LOCKED_ON_WRITE, 'linux', [/^The keyring is locked \(or there is no default keyring\): unlock it, e\.g\. with Seahorse/, /or on a machine without a desktop with `gnome-keyring-daemon --unlock`, and try again\.$/]],
    ['locked on FreeBSD', LOCKED_ON_WRITE, 'freebsd', [/Seahorse/, /gnome-keyring-daemon --unlock/]],
    ['macOS locked', "Couldn't access platform storage: User interaction is not allowed.", 'darwin', [/^The macOS Keychain is locked or access was denied: unlock the login keychain /, /\(Keychain Access, or `security unlock-keychain` over SSH\) and allow access when asked\.$/]],
    ['Windows without a logon', "Couldn't access platform storage: A specified logon session does not exist.", 'win32', [/^Windows Credential Manager needs an interactive logon of your own user: it is not available to /, /service accounts or some remote sessions\. Sign in normally and try again\.$/]],
  ];
  for (const [name, message, platform, pieces] of cases) {
    test(name, () => {
      const { hint } = classifyKeychainFailure(message, platform);
      for (const piece of pieces) assert.match(hint, piece);
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

  test('what neither platform knows is a plain failure with that platform\'s hint', () => {
    assert.deepEqual(classifyKeychainFailure('Platform failure: something new', 'darwin'), {
      reason: 'failed',
      hint: 'The macOS Keychain reported an error: check it in Keychain Access and try again.',
    });
    assert.deepEqual(classifyKeychainFailure('Platform failure: something new', 'win32'), {
      reason: 'failed',
      hint: 'Windows Credential Manager reported an error: check it in Control Panel > Credential Manager and try again.',
    });
    const tooLong = classifyKeychainFailure('Attribute password is longer than platform limit of 2560 chars', 'win32');
    assert.equal(tooLong.reason, 'failed');
    assert.match(tooLong.hint, /2560 bytes/);
    assert.deepEqual(classifyKeychainFailure('anything', 'aix'), {
      reason: 'failed',
      hint: 'The OS keychain reported an error; check that it works on this machine and try again.',
    });
  });

  test('each platform\'s keychain is named the way its users know it', () => {
    assert.equal(keychainDescription('linux'), 'the OS keychain (Secret Service)');
    assert.equal(keychainDescription('freebsd'), 'the OS keychain (Secret Service)');
    assert.equal(keychainDescription('darwin'), 'the macOS Keychain');
    assert.equal(keychainDescription('win32'), 'Windows Credential Manager');
    assert.equal(keychainDescription('aix'), 'the OS keychain');
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

  test('names each operation and the keychain of the platform it ran on', () => {
    const cause = new Error('Platform failure: something new');
    const message = (operation: 'read' | 'store' | 'delete' | 'list' | 'probe', platform: NodeJS.Platform = 'linux') =>
      keychainError(cause, { operation, account: 'example.com/ID', platform }).message;
    assert.equal(message('read'), 'Could not read the secret of "example.com/ID" from the OS keychain (Secret Service): Platform failure: something new');
    assert.equal(message('store', 'darwin'), 'Could not store the secret of "example.com/ID" in the macOS Keychain: Platform failure: something new');
    assert.equal(message('delete', 'win32'), 'Could not delete the secret of "example.com/ID" from Windows Credential Manager: Platform failure: something new');
    assert.equal(message('list'), 'Could not list the secrets in the OS keychain (Secret Service): Platform failure: something new');
    assert.equal(message('probe'), 'Could not use the OS keychain (Secret Service): Platform failure: something new');
  });

  test('a native message is trimmed, and an empty one still says something', () => {
    const detail = (cause: unknown) => keychainError(cause, { operation: 'list', platform: 'linux' }).message.replace(/^Could not list the secrets in the OS keychain \(Secret Service\): /, '');
    assert.equal(detail(new Error('  Platform failure: padded \n')), 'Platform failure: padded');
    assert.equal(detail(new Error('')), 'unknown error');
    assert.equal(detail(new Error(' \n ')), 'unknown error');
    assert.equal(detail('a plain string'), 'a plain string');
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
    assert.match(error.hint, /Until then secrets cannot be kept in the OS keychain\.$/);
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

  test('preload loads the native module once without a keychain call; a failure waits for the first use', async () => {
    let loads = 0;
    let entries = 0;
    const working = new KeychainSecretStore({
      platform: 'linux',
      loadKeyring: () => {
        loads++;
        return fakeKeyring({ construct: () => void entries++ });
      },
    });
    working.preload();
    working.preload();
    assert.equal(loads, 1, 'the module was not loaded once');
    assert.equal(entries, 0, 'preload made a keychain entry (a call to the keychain)');
    assert.equal(await working.get('a'), undefined);
    assert.equal(loads, 1, 'the first use loaded the module again');

    const missing = new KeychainSecretStore({
      platform: 'linux',
      loadKeyring: () => {
        loads++;
        throw new Error('Cannot find native binding.');
      },
    });
    assert.doesNotThrow(() => missing.preload());
    await assert.rejects(missing.get('a'), (error: unknown) => error instanceof SecretStoreError && error.reason === 'unavailable' && /native/i.test(error.message + error.hint));
    assert.equal(loads, 2, 'a failed load was tried again');
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

describe('KeychainSecretStore over a working keyring', () => {
  test('every entry is pinned to the Secret Service, never the kernel keyring that forgets at reboot', async () => {
    const seen: Array<Keyring.EntryOptions | undefined> = [];
    const store = storeOver(fakeKeyring({ construct: (_service, _account, options) => void seen.push(options) }));
    await store.set('example.com/ID', SECRET);
    await store.get('example.com/ID');
    await store.delete('example.com/ID');
    await store.probe();
    assert.ok(seen.length >= 4);
    for (const options of seen) assert.deepEqual(options, { linux: { store: 'secret-service' } });
  });

  test('set, get and delete under the whmcs-oauth service; the native module is loaded once', async () => {
    let loads = 0;
    const services = new Set<string>();
    const keyring = fakeKeyring({ construct: (service) => void services.add(service) });
    const store = new KeychainSecretStore({
      platform: 'linux',
      loadKeyring: () => {
        loads++;
        return keyring;
      },
    });
    await store.set('example.com/ID', SECRET);
    assert.ok((await store.get('example.com/ID')) === SECRET, 'the secret did not come back');
    assert.equal(await store.delete('example.com/ID'), true);
    assert.equal(await store.get('example.com/ID'), undefined);
    assert.deepEqual([...services], ['whmcs-oauth']);
    assert.equal(loads, 1);
  });

  test('names the keychain of the platform it was made for', () => {
    assert.equal(new KeychainSecretStore({ platform: 'darwin', loadKeyring: () => fakeKeyring({}) }).description, 'the macOS Keychain');
    assert.equal(new KeychainSecretStore({ platform: 'win32', loadKeyring: () => fakeKeyring({}) }).description, 'Windows Credential Manager');
  });

  test('a probe whose test entry reads back wrong fails: that keychain cannot be trusted with a secret', async () => {
    const store = storeOver(fakeKeyring({ getPassword: () => 'something else' }));
    await assert.rejects(store.probe(), (error: unknown) => {
      assert.ok(error instanceof SecretStoreError);
      assert.equal(error.message, 'Could not use the OS keychain (Secret Service): a test entry did not read back after it was stored');
      return true;
    });
  });

  test('a probe entry left behind by a failed delete is never listed as an account', async () => {
    const store = storeOver(fakeKeyring({ keepOnDelete: true }));
    await store.set('a.example/ID', SECRET);
    await store.probe();
    assert.deepEqual(await store.accounts(), ['a.example/ID']);
  });
});

describe('KeychainSecretStore says which operation failed on which account', () => {
  test('read, store, delete and list', async () => {
    const throwing = storeOver(fakeKeyring({ construct: () => fail(LOCKED_ON_WRITE), find: () => fail(LOCKED_ON_WRITE) }));
    await assert.rejects(throwing.get('example.com/ID'), { message: `Could not read the secret of "example.com/ID" from the OS keychain (Secret Service): ${LOCKED_ON_WRITE}` });
    await assert.rejects(throwing.set('example.com/ID', SECRET), { message: `Could not store the secret of "example.com/ID" in the OS keychain (Secret Service): ${LOCKED_ON_WRITE}` });
    await assert.rejects(throwing.delete('example.com/ID'), { message: `Could not delete the secret of "example.com/ID" from the OS keychain (Secret Service): ${LOCKED_ON_WRITE}` });
    await assert.rejects(throwing.accounts(), { message: `Could not list the secrets in the OS keychain (Secret Service): ${LOCKED_ON_WRITE}` });
  });

  test('a value that does not read back: what happened and what to do', async () => {
    const store = storeOver(fakeKeyring({ getPassword: () => 'something else' }));
    await assert.rejects(store.set('example.com/ID', SECRET), {
      name: 'SecretStoreError',
      reason: 'failed',
      message: 'The secret of "example.com/ID" did not read back from the OS keychain (Secret Service) after it was stored.',
      hint: 'Another program may be changing this entry, or the keychain did not keep it: check the keychain and try again.',
    });
  });

  test('a module that throws nothing usable still fails with a message, and is not loaded again', async () => {
    let loads = 0;
    const store = new KeychainSecretStore({
      platform: 'linux',
      loadKeyring: () => {
        loads++;
        throw undefined;
      },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(store.accounts(), (error: unknown) => error instanceof SecretStoreError && /: unknown error$/.test(error.message));
    }
    assert.equal(loads, 1);
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
  construct?: (service: string, account: string, options: Keyring.EntryOptions | undefined) => void;
  setPassword?: (secret: string) => void;
  getPassword?: () => string | null;
  find?: () => Keyring.Credential[];
  /** A delete that reports success but leaves the entry (seen with some Secret Service providers). */
  keepOnDelete?: boolean;
}

/** A stand-in for @napi-rs/keyring whose operations fail the way the native module does. */
function fakeKeyring(behaviour: FakeBehaviour): typeof Keyring {
  const stored = new Map<string, string>();
  class FakeEntry {
    constructor(
      service: string,
      private readonly account: string,
      options?: Keyring.EntryOptions,
    ) {
      behaviour.construct?.(service, account, options);
    }
    async setPassword(secret: string): Promise<void> {
      behaviour.setPassword?.(secret);
      stored.set(this.account, secret);
    }
    async getPassword(): Promise<string | null> {
      return behaviour.getPassword ? behaviour.getPassword() : (stored.get(this.account) ?? null);
    }
    async deleteCredential(): Promise<boolean> {
      return behaviour.keepOnDelete ? stored.has(this.account) : stored.delete(this.account);
    }
  }
  return {
    AsyncEntry: FakeEntry,
    findCredentialsAsync: async () => (behaviour.find ? behaviour.find() : [...stored].map(([account, password]) => ({ account, password }))),
  } as unknown as typeof Keyring;
}

function storeOver(keyring: typeof Keyring): KeychainSecretStore {
  return new KeychainSecretStore({ platform: 'linux', loadKeyring: () => keyring });
}
