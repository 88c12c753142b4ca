import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedirectError, TransportError } from '../../src/core/whmcs/errors';
import { displayAddress, isRedirectStatus, redirectErrorFrom } from '../../src/core/whmcs/redirect';

const endpoint = new URL('https://billing.example.com/whmcs/includes/api.php');

test('every 3xx is a redirect, nothing else is', () => {
  for (const status of [300, 301, 302, 303, 304, 307, 308, 399]) assert.ok(isRedirectStatus(status), String(status));
  for (const status of [200, 204, 299, 400, 403, 500]) assert.ok(!isRedirectStatus(status), String(status));
});

test('a redirect names its target as scheme://host[:port]/path only: no user info, query or fragment', () => {
  const error = redirectErrorFrom(302, 'https://user:pw@evil.example:8443/collect/api.php?token=abc&secret=x#frag', endpoint, 'listoauthcredentials', []);
  assert.ok(error instanceof RedirectError && error instanceof TransportError);
  assert.equal(error.kind, 'transport');
  assert.equal(error.reason, 'redirect');
  assert.equal(error.target, 'https://evil.example:8443/collect/api.php');
  assert.equal(
    error.message,
    'https://billing.example.com/whmcs/includes/api.php answered HTTP 302 with a redirect to https://evil.example:8443/collect/api.php. The redirect was not followed, so nothing was sent there.',
  );
  for (const hidden of ['user', 'pw', 'token', 'abc', 'frag']) assert.ok(!`${error.message} ${error.hint}`.includes(hidden), hidden);
  assert.match(error.hint, /If WHMCS has moved to that address, change the server's URL/);
});

test('a relative Location resolves against the endpoint', () => {
  assert.equal(redirectErrorFrom(301, '/billing/includes/api.php?x=1', endpoint, undefined, []).target, 'https://billing.example.com/billing/includes/api.php');
  assert.equal(redirectErrorFrom(301, '../moved/api.php', endpoint, undefined, []).target, 'https://billing.example.com/whmcs/moved/api.php');
  assert.equal(redirectErrorFrom(301, '//other.example/api.php', endpoint, undefined, []).target, 'https://other.example/api.php');
});

test('http to https on the same host says the URL should start with https://', () => {
  const error = redirectErrorFrom(301, 'https://billing.example.com/whmcs/includes/api.php', new URL('http://billing.example.com/whmcs/includes/api.php'), undefined, []);
  assert.match(error.hint, /start with https:\/\//);
});

test('no Location, or one that is not an http(s) URL, still gives a clear message', () => {
  for (const location of [undefined, '', '   ']) {
    const error = redirectErrorFrom(302, location, endpoint, undefined, []);
    assert.equal(error.target, undefined);
    assert.match(error.message, /answered HTTP 302 \(a redirect\) without naming an address; nothing was sent anywhere else\./);
  }
  for (const location of ['javascript:alert(1)', 'ftp://files.example/x', 'http://[bad']) {
    const error = redirectErrorFrom(307, location, endpoint, undefined, []);
    assert.equal(error.target, undefined);
    assert.match(error.message, /HTTP 307 with a redirect to an address that is not an http\(s\) URL; it was not followed\./);
    assert.ok(!error.message.includes('alert') && !error.message.includes('files.example'));
  }
});

test('whether the action may have run: not for the web server\'s moves (301, 307, 308), maybe for what a script sends (302, 303)', () => {
  for (const status of [301, 307, 308]) assert.equal(redirectErrorFrom(status, '/x', endpoint, undefined, []).maybeApplied, false, String(status));
  for (const status of [300, 302, 303]) assert.equal(redirectErrorFrom(status, '/x', endpoint, undefined, []).maybeApplied, true, String(status));
});

test('a secret the server put into the redirect path is not repeated, nor is a very long path', () => {
  const secret = 'ApiSecretValue0123';
  const error = redirectErrorFrom(302, `https://evil.example/steal/${secret}/x`, endpoint, undefined, [secret]);
  assert.equal(error.target, 'https://evil.example/steal/[redacted]/x');
  assert.ok(displayAddress(new URL(`https://evil.example/${'a/'.repeat(200)}`)).length <= 160);
});
