// Resets whose answer was lost are remembered across restarts, once per credential of a server,
// until checked; what the memento holds that is not such a record is ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PendingResetChecks, type PendingResetCheck } from '../../src/app/pendingResets';

function memento() {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => structuredClone(values.get(key)) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)), values };
}

const check = (serverId: string, credentialId: number, at = 1): PendingResetCheck => ({
  serverId,
  credentialId,
  clientIdentifier: `WHMCS.${credentialId}`,
  name: `C${credentialId}`,
  previousSecretFingerprint: 'f'.repeat(64),
  at,
});

test('one check per server and credential, the newest kept, across a restart, until removed', async () => {
  const store = memento();
  const pending = new PendingResetChecks(store);
  await pending.add(check('a', 1, 1));
  await pending.add(check('b', 1, 2));
  await pending.add(check('a', 1, 3));
  const restarted = new PendingResetChecks(store);
  assert.deepEqual(restarted.all(), [check('b', 1, 2), check('a', 1, 3)]);
  await restarted.remove(check('a', 1));
  assert.deepEqual(pending.all(), [check('b', 1, 2)]);
});

test('records that are not checks are ignored', () => {
  const store = memento();
  store.values.set('whmcsOAuth.pendingResetChecks', [check('a', 1), { serverId: 'a' }, null, 'x']);
  assert.deepEqual(new PendingResetChecks(store).all(), [check('a', 1)]);
  store.values.set('whmcsOAuth.pendingResetChecks', { not: 'a list' });
  assert.deepEqual(new PendingResetChecks(store).all(), []);
});
