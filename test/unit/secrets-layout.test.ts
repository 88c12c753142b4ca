// The keychain layout: the names the extension, the CLI and users with secret-tool all rely on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KEYCHAIN_SERVICE,
  accountOfLegacy,
  legacyAccount,
  accessKeyAccount,
  adminPasswordAccount,
  apiSecretAccount,
  clientSecretAccount,
  parseAccount,
  serverAccountPrefix,
  serverKey,
} from '../../src/core/secrets/keychainLayout';

describe('serverKey', () => {
  const cases: Array<[string, string]> = [
    ['https://billing.example.com/', 'https://billing.example.com'],
    ['https://billing.example.com', 'https://billing.example.com'],
    ['http://billing.example.com/', 'http://billing.example.com'],
    ['https://example.com:8443/whmcs/includes/api.php', 'https://example.com:8443/whmcs'],
    ['https://example.com:8443/whmcs/includes/api.php/', 'https://example.com:8443/whmcs'],
    ['https://example.com/includes/api.php', 'https://example.com'],
    ['https://example.com/whmcs/', 'https://example.com/whmcs'],
    ['https://example.com/whmcs//', 'https://example.com/whmcs'],
    ['https://example.com/whmcs/includes/api.php//', 'https://example.com/whmcs'],
    ['https://example.com/whmcs///includes/api.php', 'https://example.com/whmcs'],
    ['https://example.com/old/includes/api.php.bak', 'https://example.com/old/includes/api.php.bak'],
    ['https://example.com/a/b/c/', 'https://example.com/a/b/c'],
    ['https://example.com/whmcs/INCLUDES/API.PHP', 'https://example.com/whmcs'],
    ['https://example.com/whmcs/includes/', 'https://example.com/whmcs/includes'],
    ['https://example.com:443/', 'https://example.com'],
    ['http://example.com:80/whmcs', 'http://example.com/whmcs'],
    ['http://example.com:443/', 'http://example.com:443'],
    ['https://example.com:80/', 'https://example.com:80'],
    ['https://Billing.EXAMPLE.com/WHMCS/', 'https://billing.example.com/WHMCS'],
    ['HTTPS://BILLING.EXAMPLE.COM', 'https://billing.example.com'],
    ['  https://billing.example.com/  ', 'https://billing.example.com'],
    ['billing.example.com', 'https://billing.example.com'],
    ['billing.example.com:8443/whmcs/', 'https://billing.example.com:8443/whmcs'],
    // A URL later in what was pasted does not make it one with a scheme.
    ['billing.example.com/whmcs/?return=https://elsewhere.example/', 'https://billing.example.com/whmcs'],
    ['https://user:pw@billing.example.com/whmcs?x=1#top', 'https://billing.example.com/whmcs'],
    ['http://127.0.0.1:41234/', 'http://127.0.0.1:41234'],
    ['http://[::1]:8080/whmcs/includes/api.php', 'http://[::1]:8080/whmcs'],
    ['https://example.com/my whmcs/', 'https://example.com/my%20whmcs'],
  ];
  for (const [url, key] of cases) {
    test(`${url.trim()} -> ${key}`, () => assert.equal(serverKey(url), key));
  }

  test('http and https of one host are different servers: a secret never crosses schemes', () => {
    assert.notEqual(serverKey('http://billing.example.com'), serverKey('https://billing.example.com'));
    assert.notEqual(
      apiSecretAccount(serverKey('http://127.0.0.1'), 'ID'),
      apiSecretAccount(serverKey('https://127.0.0.1'), 'ID'),
    );
  });

  test('rejects what is not an http(s) address, without echoing it', () => {
    const unparsable = 'Not a WHMCS URL: expected something like https://billing.example.com/';
    const cases: Array<[string, string]> = [
      ['', unparsable],
      ['   ', unparsable],
      ['https://', unparsable],
      ['http://user:hunter2@/x', unparsable],
      ['ftp://example.com/', 'Not a WHMCS URL: expected an http or https address'],
      ['file:///etc/passwd', 'Not a WHMCS URL: expected an http or https address'],
    ];
    for (const [bad, message] of cases) {
      assert.throws(() => serverKey(bad), (error: unknown) => error instanceof TypeError && error.message === message, bad);
    }
  });
});

describe('accounts', () => {
  const server = 'example.com:8443/whmcs';

  test('the service is whmcs-oauth', () => assert.equal(KEYCHAIN_SERVICE, 'whmcs-oauth'));

  test('each kind of secret has its documented account', () => {
    assert.equal(clientSecretAccount(server, 'ACME.SQxOYrZOUTQC8YTkLQuQ0w=='), 'example.com:8443/whmcs/ACME.SQxOYrZOUTQC8YTkLQuQ0w==');
    assert.equal(apiSecretAccount(server, 'Kp3ApiIdent'), 'example.com:8443/whmcs/api:Kp3ApiIdent');
    assert.equal(adminPasswordAccount(server, 'admin'), 'example.com:8443/whmcs/admin:admin');
    assert.equal(accessKeyAccount(server), 'example.com:8443/whmcs/accesskey');
    assert.equal(serverAccountPrefix(server), 'example.com:8443/whmcs/');
  });

  test('work with the server key of a URL', () => {
    const key = serverKey('https://billing.example.com/');
    assert.equal(clientSecretAccount(key, 'WHMCS-0123456789abcdef0123456789abcdef'), 'https://billing.example.com/WHMCS-0123456789abcdef0123456789abcdef');
  });

  test('"/" and "%" in names (base64 identifiers) are escaped, so accounts stay unambiguous', () => {
    assert.equal(clientSecretAccount('example.com', 'ACME.ab/cd+ef=='), 'example.com/ACME.ab%2Fcd+ef==');
    assert.equal(clientSecretAccount('example.com', '100%'), 'example.com/100%25');
    assert.equal(adminPasswordAccount('example.com', 'a/b'), 'example.com/admin:a%2Fb');
    assert.equal(apiSecretAccount('example.com', 'x/y'), 'example.com/api:x%2Fy');
  });

  test('a client identifier cannot pose as another kind of secret', () => {
    assert.equal(clientSecretAccount('example.com', 'api:x'), 'example.com/api%3Ax');
    assert.deepEqual(parseAccount(clientSecretAccount('example.com', 'api:x')), {
      serverKey: 'example.com',
      kind: 'clientSecret',
      clientIdentifier: 'api:x',
    });
  });

  test('empty names and server keys are refused', () => {
    const emptyName = { name: 'TypeError', message: 'The keychain name must not be empty' };
    const emptyServer = { name: 'TypeError', message: 'The keychain server key must not be empty' };
    assert.throws(() => clientSecretAccount(server, ''), emptyName);
    assert.throws(() => apiSecretAccount(server, ''), emptyName);
    assert.throws(() => adminPasswordAccount(server, ''), emptyName);
    assert.throws(() => accessKeyAccount(''), emptyServer);
    assert.throws(() => serverAccountPrefix(''), emptyServer);
  });
});

describe('parseAccount', () => {
  test('reads back every kind of account', () => {
    const server = 'example.com/whmcs';
    assert.deepEqual(parseAccount(clientSecretAccount(server, 'ACME.a/b%c')), {
      serverKey: server,
      kind: 'clientSecret',
      clientIdentifier: 'ACME.a/b%c',
    });
    assert.deepEqual(parseAccount(apiSecretAccount(server, 'id/1')), { serverKey: server, kind: 'apiSecret', identifier: 'id/1' });
    assert.deepEqual(parseAccount(adminPasswordAccount(server, 'root:x')), { serverKey: server, kind: 'adminPassword', username: 'root:x' });
    assert.deepEqual(parseAccount(accessKeyAccount(server)), { serverKey: server, kind: 'accessKey' });
  });

  test('tells apart servers whose keys share a prefix', () => {
    const nested = parseAccount(clientSecretAccount('example.com/whmcs', 'ID'));
    assert.equal(nested?.serverKey, 'example.com/whmcs');
    assert.ok(clientSecretAccount('example.com/whmcs', 'ID').startsWith(serverAccountPrefix('example.com')));
  });

  test('ignores accounts that do not follow the layout', () => {
    for (const other of ['', 'plain', '/x', 'example.com/', 'example.com/other:x', 'example.com/api:', 'example.com/admin:']) {
      assert.equal(parseAccount(other), undefined, other);
    }
  });
});

describe('accounts of 0.1.0 (no scheme, meaning https)', () => {
  test('an https account names its 0.1.0 form, and back', () => {
    const account = apiSecretAccount(serverKey('https://example.com:8443/whmcs'), 'ID');
    assert.equal(legacyAccount(account), 'example.com:8443/whmcs/api:ID');
    assert.equal(accountOfLegacy('example.com:8443/whmcs/api:ID'), account);
  });

  test('an http account has none: 0.1.0 entries are never sent over plain http', () => {
    assert.equal(legacyAccount(apiSecretAccount(serverKey('http://127.0.0.1:8787/whmcs'), 'ID')), undefined);
  });
});
