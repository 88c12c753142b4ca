import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountsInStores, chooseSecretStore, findInStores, keepSecret } from '../../src/core/secrets/storeChoice';
import { MemorySecretStore } from '../../src/core/secrets/memoryStore';
import { SecretStoreError, type SecretStore } from '../../src/core/secrets/secretStore';
import { VscodeSecretStore } from '../../src/core/secrets/vscodeSecretStore';

class BrokenStore extends MemorySecretStore {
  constructor(private readonly why: string) {
    super();
  }
  override async set(): Promise<void> {
    throw new SecretStoreError('unavailable', this.why, 'Start a Secret Service.');
  }
  async probe(): Promise<void> {
    throw new SecretStoreError('unavailable', this.why, 'Start a Secret Service.');
  }
}

class WorkingKeychain extends MemorySecretStore {
  async probe(): Promise<void> {}
}

test('auto uses the keychain when it works, else falls back and says why', async () => {
  const fallback = new MemorySecretStore();
  const keychain = new WorkingKeychain();
  assert.equal((await chooseSecretStore('auto', () => keychain, () => fallback)).store, keychain);
  const choice = await chooseSecretStore('auto', () => new BrokenStore('no D-Bus session bus'), () => fallback);
  assert.equal(choice.store, fallback);
  assert.equal(choice.fallbackReason, 'no D-Bus session bus');
  assert.equal(choice.fallbackHint, 'Start a Secret Service.');
  const explicit = new BrokenStore('x');
  assert.equal((await chooseSecretStore('keychain', () => explicit, () => fallback)).store, explicit, 'an explicit choice is not probed');
  assert.equal((await chooseSecretStore('vscode', () => keychain, () => fallback)).store, fallback);
});

test('a secret goes to the first store that takes it; failures never carry it', async () => {
  const secret = 'the-new-client-secret';
  const fallback = new MemorySecretStore();
  const result = await keepSecret([new BrokenStore(`could not store ${secret}`), fallback], 'host/ID', secret);
  assert.ok(result.kept);
  assert.equal(result.kept && result.store, fallback);
  assert.equal(await fallback.get('host/ID'), secret);
  assert.equal(result.failures.length, 1);
  assert.ok(!result.failures[0]?.includes(secret));
  const lost = await keepSecret([new BrokenStore('a'), new BrokenStore('b')], 'host/ID', secret);
  assert.equal(lost.kept, false);
  assert.equal(lost.failures.length, 2);
});

test('each failure names the store and what it said, with the secret cut out', async () => {
  const secret = 'the-new-client-secret';
  const result = await keepSecret([new BrokenStore(`could not store ${secret} here`)], 'host/ID', secret);
  assert.deepEqual(result.failures, ['memory (lost when the process ends): could not store [redacted] here']);
});

test('a plain Error without a hint is reported by its message', async () => {
  class DiskFull extends MemorySecretStore {
    override async set(): Promise<void> {
      throw new Error('no space left on device');
    }
  }
  const result = await keepSecret([new DiskFull()], 'host/ID', 'the-new-client-secret');
  assert.deepEqual(result.failures, ['memory (lost when the process ends): no space left on device']);
});

test('a store listed twice (the chosen one is also the fallback) is tried once', async () => {
  const broken = new BrokenStore('no D-Bus session bus');
  const result = await keepSecret([broken, broken], 'host/ID', 'the-new-client-secret');
  assert.equal(result.kept, false);
  assert.equal(result.failures.length, 1);
});

test('a store that throws something other than an Error is reported, and the next store still tried', async () => {
  class OddStore extends MemorySecretStore {
    override async set(): Promise<void> {
      throw 'keychain daemon went away';
    }
  }
  const fallback = new MemorySecretStore();
  const result = await keepSecret([new OddStore(), fallback], 'host/ID', 'the-new-client-secret');
  assert.ok(result.kept && result.store === fallback);
  assert.deepEqual(result.failures, ['memory (lost when the process ends): keychain daemon went away']);
});

test('VS Code Secret Storage adapter: prefixed keys, an index of names only', async () => {
  const storage = new Map<string, string>();
  const memento = new Map<string, unknown>();
  const store: SecretStore = new VscodeSecretStore(
    {
      get: async (key) => storage.get(key),
      store: async (key, value) => void storage.set(key, value),
      delete: async (key) => void storage.delete(key),
    },
    { get: <T>(key: string) => memento.get(key) as T | undefined, update: async (key, value) => void memento.set(key, value) },
  );
  await store.set('host/a', 's1');
  await store.set('host/b', 's2');
  await store.set('other/c', 's3');
  assert.equal(storage.get('whmcs-oauth:host/a'), 's1');
  assert.deepEqual(await store.accounts('host/'), ['host/a', 'host/b']);
  assert.ok(!JSON.stringify([...memento.values()]).includes('s1'), 'the index holds names, not secrets');
  assert.equal(await store.delete('host/a'), true);
  assert.equal(await store.delete('host/a'), false);
  assert.equal(await store.get('host/a'), undefined);
  assert.deepEqual(await store.accounts(), ['host/b', 'other/c']);
});

/** A choice that is never made: a read that waits for it fails the test by hanging (node:test cancels it). */
const undecided = (): { promise: Promise<SecretStore>; decide(store: SecretStore): void; asked: () => boolean } => {
  let decide: (store: SecretStore) => void = () => undefined;
  let asked = false;
  const promise = new Promise<SecretStore>((resolve) => (decide = resolve));
  const watched = { then: (...args: Parameters<Promise<SecretStore>['then']>) => ((asked = true), promise.then(...args)) } as Promise<SecretStore>;
  return { promise: watched, decide, asked: () => asked };
};

test('a secret held by one store is found without waiting for the choice of store', async () => {
  const keychain = new MemorySecretStore([['host/api', 'from-keychain']]);
  const fallback = new MemorySecretStore([['host/other', 'from-fallback']]);
  const choice = undecided();
  const errors: string[] = [];
  const onError = (_store: SecretStore, error: unknown) => errors.push((error as Error).message);
  assert.deepEqual(await findInStores([keychain, fallback], 'host/api', choice.promise, onError), { secret: 'from-keychain', store: keychain });
  assert.deepEqual(await findInStores([keychain, fallback], 'host/other', choice.promise, onError), { secret: 'from-fallback', store: fallback });
  assert.equal(await findInStores([keychain, fallback], 'host/none', choice.promise, onError), undefined);
  assert.equal(choice.asked(), false, 'the choice (the keychain probe) was waited for');
  assert.deepEqual(errors, []);
});

test('a secret held by both stores comes from the active one', async () => {
  const keychain = new MemorySecretStore([['host/api', 'from-keychain']]);
  const fallback = new MemorySecretStore([['host/api', 'from-fallback']]);
  const onError = () => assert.fail('no store failed');
  for (const [active, expected] of [[keychain, 'from-keychain'], [fallback, 'from-fallback']] as const) {
    const choice = undecided();
    const found = findInStores([keychain, fallback], 'host/api', choice.promise, onError);
    choice.decide(active);
    assert.deepEqual(await found, { secret: expected, store: active });
  }
});

test('a store that cannot be read is reported and the other one still answers', async () => {
  const broken = new MemorySecretStore();
  broken.get = async () => {
    throw new SecretStoreError('unavailable', 'no D-Bus session bus', 'Start a Secret Service.');
  };
  const fallback = new MemorySecretStore([['host/api', 'from-fallback']]);
  const errors: string[] = [];
  const found = await findInStores([broken, fallback], 'host/api', Promise.resolve(broken), (store, error) => errors.push(`${store.description}: ${(error as Error).message}`));
  assert.deepEqual(found, { secret: 'from-fallback', store: fallback });
  assert.deepEqual(errors, [`${broken.description}: no D-Bus session bus`]);
});

test('listed accounts are named by the store a find reads them from: the active one first', async () => {
  class Named extends MemorySecretStore {
    constructor(name: string, accounts: string[]) {
      super(accounts.map((account) => [account, 'x'] as const));
      Object.defineProperty(this, 'description', { value: name });
    }
  }
  const keychain = new Named('keychain', ['https://a/api', 'https://a/both', 'https://b/api']);
  const fallback = new Named('fallback', ['https://a/both', 'https://a/only-fallback']);
  const broken = new Named('broken', []);
  broken.accounts = async () => {
    throw new Error('no bus');
  };
  const sorted = (map: Map<string, string>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  assert.deepEqual(sorted(await accountsInStores([keychain, fallback], 'https://a/', Promise.resolve(keychain))), [
    ['https://a/api', 'keychain'],
    ['https://a/both', 'keychain'],
    ['https://a/only-fallback', 'fallback'],
  ]);
  assert.deepEqual(sorted(await accountsInStores([keychain, fallback], 'https://a/', Promise.resolve(fallback))), [
    ['https://a/api', 'keychain'],
    ['https://a/both', 'fallback'],
    ['https://a/only-fallback', 'fallback'],
  ]);
  assert.deepEqual(sorted(await accountsInStores([broken, fallback], 'https://a/', Promise.resolve(broken))), [
    ['https://a/both', 'fallback'],
    ['https://a/only-fallback', 'fallback'],
  ]);
});
