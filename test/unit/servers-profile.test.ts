import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newServerId, parseServerProfiles, profileAccounts, profileToSetting } from '../../src/app/serverProfile';
import { resolveProxy } from '../../src/app/networkSettings';

test('profiles are read defensively; bad entries are reported, not fatal', () => {
  const { profiles, problems } = parseServerProfiles([
    { label: 'Prod', url: 'https://billing.example.com', identifier: 'abc' },
    { url: 'https://example.com/whmcs', auth: 'adminLogin', username: 'admin', useAccessKey: true, caFile: '/ca.pem' },
    { url: 'ftp://nope', identifier: 'x' },
    { url: 'https://x.example', auth: 'apiCredential' },
    'junk',
    { label: 'Prod', url: 'https://other.example', identifier: 'def', secret: 'must be ignored' },
  ]);
  assert.equal(profiles.length, 3);
  assert.deepEqual(profiles[0], { id: 'prod', label: 'Prod', url: 'https://billing.example.com', auth: 'apiCredential', identifier: 'abc' });
  assert.equal(profiles[1]?.label, 'example.com');
  assert.equal(profiles[1]?.useAccessKey, true);
  assert.notEqual(profiles[2]?.id, 'prod', 'ids stay unique');
  assert.ok(!JSON.stringify(profiles).includes('must be ignored'), 'a secret typed into settings is not carried');
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? '', /servers\[2\].*scheme/);
  assert.deepEqual(parseServerProfiles('nope').profiles, []);
});

test('keychain accounts of a profile follow the shared layout', () => {
  assert.deepEqual(profileAccounts({ id: 'a', label: 'a', url: 'https://example.com:8443/whmcs/', auth: 'apiCredential', identifier: 'ID1' }), {
    authSecret: 'https://example.com:8443/whmcs/api:ID1',
    accessKey: 'https://example.com:8443/whmcs/accesskey',
  });
  assert.equal(profileAccounts({ id: 'a', label: 'a', url: 'https://example.com', auth: 'adminLogin', username: 'root' }).authSecret, 'https://example.com/admin:root');
});

test('new ids are readable and unique; settings keep only informative keys', () => {
  const existing = [{ id: 'billing-example', label: '', url: 'https://x', auth: 'apiCredential' as const }];
  assert.equal(newServerId('Billing Example', existing), 'billing-example-2');
  assert.deepEqual(profileToSetting({ id: 'a', label: 'A', url: 'https://a', auth: 'apiCredential', identifier: 'i', allowUntrustedCertificate: false }), {
    id: 'a',
    label: 'A',
    url: 'https://a',
    auth: 'apiCredential',
    identifier: 'i',
  });
});

test('proxy: VS Code setting first, then the environment; no-proxy lists merged', () => {
  assert.equal(resolveProxy({ httpProxy: '', noProxy: [], proxyStrictSsl: true, env: {} }), undefined);
  assert.deepEqual(resolveProxy({ httpProxy: 'http://p:3128', noProxy: ['internal.example'], proxyStrictSsl: false, env: { NO_PROXY: 'localhost, 127.0.0.1' } }), {
    url: 'http://p:3128',
    noProxy: 'internal.example,localhost,127.0.0.1',
    strictSsl: false,
  });
  assert.equal(resolveProxy({ httpProxy: '', noProxy: [], proxyStrictSsl: true, env: { https_proxy: 'http://e:8080' } })?.url, 'http://e:8080');
});
