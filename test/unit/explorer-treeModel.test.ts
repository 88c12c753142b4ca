import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialLabel, credentialTooltip, detailRows, escapeMarkdown, matchesFilter, plainText } from '../../src/features/explorer/treeModel';
import type { OAuthCredential } from '../../src/core/whmcs/types';

const credential: OAuthCredential = {
  credentialId: 4,
  name: '<img src=x onerror=alert(1)>\nline two',
  description: '[click](command:workbench.action.quit) **bold**',
  grantType: 'authorization_code',
  grantTypes: ['authorization_code'],
  scopes: ['openid', 'email'],
  clientIdentifier: 'WHMCS.abc',
  serviceId: 0,
  logoUri: '',
  redirectUris: ['https://a/cb', 'https://b/cb'],
  rsaKeyPairId: 1,
  createdAt: '1st January 2026 1:00:00am',
  updatedAt: '2nd January 2026 1:00:00am',
};

test('labels are plain one-line text; unnamed credentials show the client ID', () => {
  assert.equal(credentialLabel(credential), '<img src=x onerror=alert(1)> line two');
  assert.equal(credentialLabel({ ...credential, name: '' }), 'WHMCS.abc');
  assert.equal(plainText('a\u0000b\u001bc\u2028d'), 'a b c d');
  assert.equal(plainText('x'.repeat(300)).length, 200);
});

test('tooltips escape Markdown and HTML so names render as their characters', () => {
  const tooltip = credentialTooltip(credential, 'VS Code Secret Storage');
  assert.ok(!tooltip.includes('<img'), 'raw HTML must not survive');
  assert.ok(!tooltip.includes('[click](command:'), 'links must not survive');
  assert.ok(tooltip.includes(escapeMarkdown('<img src=x onerror=alert(1)>')));
  assert.match(tooltip, /\| Reset secret \| held in VS Code Secret Storage \|/);
  assert.equal(escapeMarkdown('*a*'), '&#42;a&#42;');
});

test('detail rows: lists expand into items only when there are several', () => {
  const rows = detailRows(credential, undefined);
  const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
  assert.equal(byKey['clientId']?.value, 'WHMCS.abc');
  assert.deepEqual(byKey['redirectUris']?.items, ['https://a/cb', 'https://b/cb']);
  assert.equal(byKey['serviceId']?.value, '(none)');
  assert.equal(byKey['secret']?.value, 'not held');
  const held = detailRows({ ...credential, scopes: ['openid'] }, 'the OS keychain (Secret Service)');
  assert.equal(held.find((r) => r.key === 'secret')?.value, 'held in the OS keychain (Secret Service)');
  assert.deepEqual(held.find((r) => r.key === 'scopes')?.items, []);
});

test('the filter matches name, client ID, scope, redirect URI and ID, case-insensitively', () => {
  for (const needle of ['IMG', 'whmcs.ABC', 'email', 'b/cb', '4', '']) assert.ok(matchesFilter(credential, needle), needle);
  assert.ok(!matchesFilter(credential, 'clientarea:sso'));
});

test('a filter never matches across two fields, and a new version of a credential is searched anew', () => {
  const twoFields = { ...credential, name: 'Mobile', description: 'Application' };
  assert.ok(matchesFilter(twoFields, 'mobile'));
  assert.ok(matchesFilter(twoFields, 'application'));
  assert.ok(!matchesFilter(twoFields, 'mobileapplication'), 'the name and the description ran together');
  assert.ok(!matchesFilter(twoFields, 'mobile application'));
  const renamed = { ...twoFields, name: 'Renamed' };
  assert.ok(matchesFilter(renamed, 'renamed'));
  assert.ok(!matchesFilter(renamed, 'mobile'));
});
