import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher, DEFAULT_TIMEOUTS, transportErrorFrom } from '../../src/core/whmcs/transport';
import { TransportError } from '../../src/core/whmcs/errors';

const target = new URL('https://billing.example.com/includes/api.php');
const proxyUrl = 'http://proxy-user:Pr0xy%40Pass@proxy.example:3128';
const CREDENTIALS = ['proxy-user', 'Pr0xy%40Pass', 'Pr0xy@Pass'];

function assertNoCredentials(error: TransportError): void {
  for (const part of CREDENTIALS) assert.ok(!`${error.message} ${error.hint}`.includes(part), `"${part}" in: ${error.message} ${error.hint}`);
}

test('whatever undici writes into its error text, the proxy\'s user name and password never reach a message', () => {
  const texts = [
    `connect to ${proxyUrl} failed`,
    `Proxy ${decodeURIComponent(proxyUrl)} said no`,
    'auth proxy-user with Pr0xy@Pass rejected',
  ];
  for (const text of texts) {
    const error = transportErrorFrom(Object.assign(new Error(text), { code: 'UND_ERR_WHATEVER' }), target, DEFAULT_TIMEOUTS, 'listoauthcredentials', false, proxyUrl);
    assert.equal(error.reason, 'other');
    assertNoCredentials(error);
    assert.match(error.message, /^The request to https:\/\/billing\.example\.com failed: /);
  }
});

test('a proxy that wants credentials (407) is named, without the credentials, with a hint for each case', () => {
  const tunnel = new Error('Proxy response (407) !== 200 when HTTP Tunneling');
  const withCredentials = transportErrorFrom(tunnel, target, DEFAULT_TIMEOUTS, undefined, false, proxyUrl);
  assert.equal(withCredentials.reason, 'proxy');
  assert.equal(withCredentials.maybeApplied, false);
  assert.match(withCredentials.message, /^The proxy http:\/\/proxy\.example:3128 refused to carry the request to https:\/\/billing\.example\.com: it requires proxy authentication \(HTTP 407 Proxy Authentication Required\) and did not accept the user name and password in the proxy URL\.$/);
  assert.match(withCredentials.hint, /Correct the user name and password in the proxy URL/);
  assertNoCredentials(withCredentials);
  const without = transportErrorFrom(new Error('Proxy Authentication Required (407)'), target, DEFAULT_TIMEOUTS, undefined, false, 'http://proxy.example:3128');
  assert.match(without.message, /requires proxy authentication \(HTTP 407/);
  assert.match(without.hint, /Put the proxy's user name and password into the proxy URL/);
});

test('a proxy that cannot be reached is named as the proxy, not as the server', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3128'), { code: 'ECONNREFUSED', address: '10.0.0.9', port: 3128 });
  const error = transportErrorFrom(refused, target, DEFAULT_TIMEOUTS, undefined, false, 'http://u:p@10.0.0.9:3128');
  assert.equal(error.reason, 'proxy');
  assert.equal(error.message, 'Could not reach the proxy http://10.0.0.9:3128: the connection was refused.');
  const serverRefused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.8:443'), { code: 'ECONNREFUSED', address: '10.0.0.8', port: 443 });
  assert.equal(transportErrorFrom(serverRefused, target, DEFAULT_TIMEOUTS, undefined, false, 'http://u:p@10.0.0.9:3128').reason, 'refused');
});

test('an unusable proxy URL is refused without repeating it', () => {
  for (const url of ['http://user:Secr3tPw@proxy.example:99999', 'ftp://user:Secr3tPw@proxy.example']) {
    assert.throws(
      () => createDispatcher({ proxy: { url } }),
      (error: unknown) => error instanceof TransportError && error.reason === 'proxy' && !error.message.includes('Secr3tPw') && !error.message.includes('user:'),
    );
  }
});
