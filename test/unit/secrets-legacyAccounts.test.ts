// Entries of 0.1.0 (server key without scheme, meaning https) through LegacyAccountsStore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LegacyAccountsStore } from '../../src/core/secrets/legacyAccounts';
import { MemorySecretStore } from '../../src/core/secrets/memoryStore';
import { apiSecretAccount, clientSecretAccount, serverAccountPrefix, serverKey } from '../../src/core/secrets/keychainLayout';

const https = serverKey('https://example.com/whmcs');
const http = serverKey('http://example.com/whmcs');
const oldApi = 'example.com/whmcs/api:ID';
const oldClient = 'example.com/whmcs/ACME.a%2Fb';

test('a 0.1.0 entry is read for https, never for http', async () => {
  const store = new LegacyAccountsStore(new MemorySecretStore([[oldApi, 'old-api-secret']]));
  assert.equal(await store.get(apiSecretAccount(https, 'ID')), 'old-api-secret');
  assert.equal(await store.get(apiSecretAccount(http, 'ID')), undefined);
});

test('the current entry wins, and writing it removes the 0.1.0 one', async () => {
  const inner = new MemorySecretStore([[oldApi, 'older']]);
  const store = new LegacyAccountsStore(inner);
  await store.set(apiSecretAccount(https, 'ID'), 'newer');
  assert.equal(await store.get(apiSecretAccount(https, 'ID')), 'newer');
  assert.deepEqual(await inner.accounts(), [apiSecretAccount(https, 'ID')]);
});

test('delete removes both forms; listing names 0.1.0 entries by their current account', async () => {
  const inner = new MemorySecretStore([
    [oldApi, 'a'],
    [oldClient, 'b'],
    [clientSecretAccount(http, 'HTTP.ID'), 'c'],
    ['other.example.com/api:ID', 'd'],
  ]);
  const store = new LegacyAccountsStore(inner);
  assert.deepEqual(await store.accounts(serverAccountPrefix(https)), [apiSecretAccount(https, 'ID'), clientSecretAccount(https, 'ACME.a/b')].sort());
  assert.deepEqual(await store.accounts(serverAccountPrefix(http)), [clientSecretAccount(http, 'HTTP.ID')]);
  assert.equal(await store.delete(apiSecretAccount(https, 'ID')), true);
  assert.equal(await store.get(apiSecretAccount(https, 'ID')), undefined);
  assert.equal(await store.delete(apiSecretAccount(https, 'ID')), false);
  assert.equal(await inner.get('other.example.com/api:ID'), 'd');
});

/** A MemorySecretStore that records which accounts each call touched. */
class RecordingStore extends MemorySecretStore {
  readonly touched: string[] = [];
  override async get(account: string): Promise<string | undefined> {
    this.touched.push(`get ${account}`);
    return super.get(account);
  }
  override async delete(account: string): Promise<boolean> {
    this.touched.push(`delete ${account}`);
    return super.delete(account);
  }
}

test('an http account touches no other entry: it has no 0.1.0 form', async () => {
  const inner = new RecordingStore();
  const store = new LegacyAccountsStore(inner);
  const account = apiSecretAccount(http, 'ID');
  await store.get(account);
  await store.set(account, 'http-secret');
  assert.equal(await store.delete(account), true);
  assert.deepEqual(inner.touched, [`get ${account}`, `delete ${account}`]);
  assert.equal(await store.delete(account), false, 'nothing left to delete');
});

test('it is the store it wraps, as far as a user can tell', () => {
  const inner = new MemorySecretStore();
  const store = new LegacyAccountsStore(inner);
  assert.equal(store.kind, inner.kind);
  assert.equal(store.description, inner.description);
});

test('all https accounts: 0.1.0 ones under their current names, newer ones once, sorted', async () => {
  const inner = new MemorySecretStore([
    [apiSecretAccount(https, 'ZED'), 'a'],
    [oldApi, 'b'],
    [clientSecretAccount(http, 'HTTP.ID'), 'c'],
  ]);
  const store = new LegacyAccountsStore(inner);
  // The 0.1.0 prefix of "https://" is "", which also lists the newer accounts: they are not renamed.
  assert.deepEqual(await store.accounts('https://'), [apiSecretAccount(https, 'ID'), apiSecretAccount(https, 'ZED')]);
  assert.deepEqual(await store.accounts(), [oldApi, clientSecretAccount(http, 'HTTP.ID'), apiSecretAccount(https, 'ZED')].sort(), 'no prefix: every entry as stored');
});
