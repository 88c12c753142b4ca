// MemorySecretStore keeps the SecretStore contract that the modules tested with it rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySecretStore } from '../../src/core/secrets/memoryStore';

test('MemorySecretStore: set, get, overwrite, delete and sorted accounts(prefix)', async () => {
  const store = new MemorySecretStore([['b.example/ID', 'one']]);
  assert.equal(store.kind, 'memory');
  assert.equal(store.description, 'memory (lost when the process ends)');
  assert.deepEqual(await new MemorySecretStore().accounts(), [], 'a new store holds nothing');
  assert.equal(await store.get('a.example/ID'), undefined);

  await store.set('a.example/ID', 'two');
  await store.set('a.example/api:x', 'three');
  await store.set('a.example/ID', 'four');
  assert.equal(await store.get('a.example/ID'), 'four');
  assert.deepEqual(await store.accounts(), ['a.example/ID', 'a.example/api:x', 'b.example/ID']);
  assert.deepEqual(await store.accounts('a.example/'), ['a.example/ID', 'a.example/api:x']);

  assert.equal(await store.delete('a.example/ID'), true);
  assert.equal(await store.delete('a.example/ID'), false);
  assert.deepEqual(await store.accounts('a.example/'), ['a.example/api:x']);
});
