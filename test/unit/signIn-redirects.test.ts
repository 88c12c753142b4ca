// What Test Sign-In remembers: a port per credential and the redirect URIs registered for a test
// until they are removed, across failures (kept for the next try) and a restart (a new instance
// over the same memento).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignInRedirects, type TestRedirect } from '../../src/app/signInRedirects';

function memento() {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => structuredClone(values.get(key)) as T | undefined,
    update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)),
    values,
  };
}

const first: TestRedirect = { serverId: 'a', credentialId: 1, uri: 'http://127.0.0.1:50001/whmcs-oauth/callback' };
const second: TestRedirect = { serverId: 'b', credentialId: 1, uri: 'http://127.0.0.1:50002/whmcs-oauth/callback' };

test('a port is kept per server and credential and survives a restart', async () => {
  const store = memento();
  const redirects = new SignInRedirects(store);
  assert.equal(redirects.port('a', 1), undefined);
  await redirects.keepPort('a', 1, 50001);
  await redirects.keepPort('b', 1, 50002);
  const restarted = new SignInRedirects(store);
  assert.equal(restarted.port('a', 1), 50001);
  assert.equal(restarted.port('b', 1), 50002);
  assert.equal(restarted.port('a', 2), undefined);
});

test('stored values that are not ports or records are ignored', () => {
  const store = memento();
  store.values.set('whmcsOAuth.signInPorts', { 'a#1': 0, 'a#2': 70000, 'a#3': '5', 'a#4': 8080 });
  store.values.set('whmcsOAuth.signInRedirectsToRemove', [{ serverId: 'a' }, first, null]);
  const redirects = new SignInRedirects(store);
  assert.deepEqual([1, 2, 3, 4].map((id) => redirects.port('a', id)), [undefined, undefined, undefined, 8080]);
  assert.deepEqual(redirects.toRemove(), [first]);
});

test('a failed removal is kept for the next try; a removed one or one of a server that is gone is forgotten', async () => {
  const store = memento();
  const redirects = new SignInRedirects(store);
  await redirects.rememberToRemove(first);
  await redirects.rememberToRemove(second);
  await redirects.rememberToRemove(first);
  assert.deepEqual(new SignInRedirects(store).toRemove(), [second, first], 'remembered once each, across a restart');

  const tried: TestRedirect[] = [];
  const failures = await redirects.removeAll(async (redirect) => {
    tried.push(redirect);
    if (redirect.serverId === 'b') throw new Error('server down');
    return 'removed';
  });
  assert.deepEqual(tried, [second, first]);
  assert.deepEqual(failures.map((f) => [f.redirect, (f.error as Error).message]), [[second, 'server down']]);
  assert.deepEqual(redirects.toRemove(), [second]);

  assert.deepEqual(await redirects.removeAll(async () => 'serverGone'), []);
  assert.deepEqual(redirects.toRemove(), []);
});
