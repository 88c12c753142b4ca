import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiEndpoint, baseUrlOf, InsecureHttpError, InvalidServerUrlError, isLoopbackHost, secureApiEndpoint } from '../../src/core/whmcs/serverUrl';

test('base URLs as people copy them', () => {
  const cases: Array<[string, string]> = [
    ['https://billing.example.com', 'https://billing.example.com/includes/api.php'],
    ['https://billing.example.com/', 'https://billing.example.com/includes/api.php'],
    ['https://example.com/whmcs', 'https://example.com/whmcs/includes/api.php'],
    ['https://example.com/whmcs/includes/api.php', 'https://example.com/whmcs/includes/api.php'],
    ['https://example.com/whmcs/admin/', 'https://example.com/whmcs/includes/api.php'],
    ['https://example.com/whmcs/clientarea.php?action=x#y', 'https://example.com/whmcs/includes/api.php'],
    ['billing.example.com', 'https://billing.example.com/includes/api.php'],
    ['http://127.0.0.1:8080/whmcs', 'http://127.0.0.1:8080/whmcs/includes/api.php'],
  ];
  for (const [input, expected] of cases) assert.equal(apiEndpoint(input).href, expected, input);
  assert.equal(baseUrlOf(apiEndpoint('https://example.com/whmcs/')), 'https://example.com/whmcs');
});

test('unusable URLs are refused with a reason', () => {
  assert.throws(() => apiEndpoint(''), InvalidServerUrlError);
  assert.throws(() => apiEndpoint('ftp://example.com'), /scheme must be https or http/);
  assert.throws(() => apiEndpoint('https://user:pw@example.com'), /user name or password/);
  // Refused, and not repeated: the message goes to the log and the CLI's stderr.
  assert.throws(
    () => apiEndpoint('https://admin:Hunter2-pw@example.com/whmcs'),
    (error: unknown) => error instanceof InvalidServerUrlError && error.message.startsWith('"https://[redacted]@example.com/whmcs" is not a usable') && !`${error.message} ${error.input}`.includes('Hunter2'),
  );
  assert.throws(() => apiEndpoint('https://exa mple.com'), /not a URL/);
});

test('plain http is refused for another machine unless allowed; loopback http is fine', () => {
  for (const url of ['http://billing.example.com', 'http://10.0.0.5/whmcs', 'http://[2001:db8::1]:8080', 'http://127.0.0.1.example.com']) {
    assert.throws(() => secureApiEndpoint(url, false), InsecureHttpError, url);
    assert.equal(secureApiEndpoint(url, true).protocol, 'http:', url);
  }
  for (const url of ['http://127.0.0.1:8787/whmcs', 'http://localhost/whmcs', 'http://[::1]:8080', 'http://127.1.2.3', 'http://dev.localhost']) {
    assert.equal(secureApiEndpoint(url, false).protocol, 'http:', url);
  }
  assert.equal(secureApiEndpoint('billing.example.com', false).protocol, 'https:');
  assert.ok(!isLoopbackHost('128.0.0.1'));
  const error = (() => {
    try {
      secureApiEndpoint('http://billing.example.com', false);
    } catch (caught) {
      return caught as InsecureHttpError;
    }
    return undefined;
  })();
  assert.ok(error instanceof InvalidServerUrlError, 'the CLI treats it as a usage error');
  assert.match(error.hint, /https/);
});
