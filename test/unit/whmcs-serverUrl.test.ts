import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiEndpoint, baseUrlOf, InvalidServerUrlError } from '../../src/whmcs/serverUrl';

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
  assert.throws(() => apiEndpoint('https://exa mple.com'), /not a URL/);
});
