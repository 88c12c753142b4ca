// VscodeSecretStore, the fallback when the OS keychain is unavailable: secrets under the
// extension's own prefix in SecretStorage, a write read back before it counts as kept, and the
// index of account names (never values) that SecretStorage itself cannot list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VscodeSecretStore, type MementoLike, type SecretStorageLike } from '../../src/core/secrets/vscodeSecretStore';

class FakeSecretStorage implements SecretStorageLike {
  readonly values = new Map<string, string>();
  /** What a store() that silently keeps something else would keep instead. */
  keepsInstead: string | undefined;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, this.keepsInstead ?? value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

class FakeMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

const INDEX = 'whmcsOAuth.secretStorageAccounts';

test('secrets live under the extension\'s prefix; the index holds sorted account names only', async () => {
  const storage = new FakeSecretStorage();
  const index = new FakeMemento();
  const store = new VscodeSecretStore(storage, index);
  assert.equal(store.kind, 'vscode');
  assert.equal(store.description, 'VS Code Secret Storage');
  assert.equal(await store.get('b.example/ID'), undefined);

  await store.set('b.example/ID', 'secret-one');
  await store.set('a.example/api:x', 'secret-two');
  await store.set('b.example/ID', 'secret-three');
  assert.deepEqual([...storage.values.keys()].sort(), ['whmcs-oauth:a.example/api:x', 'whmcs-oauth:b.example/ID']);
  assert.ok((await store.get('b.example/ID')) === 'secret-three', 'the overwrite did not take');
  assert.deepEqual(index.get(INDEX), ['a.example/api:x', 'b.example/ID'], 'the index is sorted and lists each account once');
  assert.ok(!JSON.stringify([...index.values]).includes('secret-'), 'a secret reached the index');
  assert.deepEqual(await store.accounts(), ['a.example/api:x', 'b.example/ID']);
  assert.deepEqual(await store.accounts('a.example/'), ['a.example/api:x']);
});

test('a secret SecretStorage does not give back is not reported as kept', async () => {
  const storage = new FakeSecretStorage();
  const index = new FakeMemento();
  const store = new VscodeSecretStore(storage, index);
  storage.keepsInstead = 'something-else';
  await assert.rejects(store.set('a.example/ID', 'the-real-secret'), (error: Error) => {
    assert.equal(error.message, 'The secret of "a.example/ID" did not read back from VS Code Secret Storage.');
    return true;
  });
  assert.equal(index.get(INDEX), undefined, 'an account that was not kept is in the index');
});

test('delete removes the secret and its index entry and says whether it existed', async () => {
  const storage = new FakeSecretStorage();
  const index = new FakeMemento();
  const store = new VscodeSecretStore(storage, index);
  await store.set('a.example/ID', 'secret-one');
  await store.set('a.example/api:x', 'secret-two');
  assert.equal(await store.delete('a.example/ID'), true);
  assert.equal(await store.delete('a.example/ID'), false);
  assert.equal(storage.values.has('whmcs-oauth:a.example/ID'), false);
  assert.deepEqual(index.get(INDEX), ['a.example/api:x']);
  assert.deepEqual(await store.accounts(), ['a.example/api:x']);
  assert.deepEqual(await new VscodeSecretStore(new FakeSecretStorage(), new FakeMemento()).accounts(), [], 'no index yet: no accounts');
});
