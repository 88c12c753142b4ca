import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSecretStore, keepSecret } from '../../src/core/secrets/storeChoice';
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
