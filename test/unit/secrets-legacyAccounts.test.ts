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
