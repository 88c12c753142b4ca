import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthError, IpNotAllowedError, PermissionError, ServerError, ValidationError } from '../../src/core/whmcs/errors';
import { serverErrorFor } from '../../src/core/whmcs/serverErrors';

test('auth messages become AuthError with the reason', () => {
  const cases: Array<[string, string]> = [
    ['Authentication Failed', 'credentials'],
    ['Invalid or missing credentials', 'unknownIdentifier'],
    ['Invalid password provided', 'legacyPassword'],
    ['Invalid Access Key', 'accessKey'],
  ];
  for (const [message, reason] of cases) {
    const error = serverErrorFor(message, 403, 'listoauthcredentials');
    assert.ok(error instanceof AuthError, message);
    assert.equal(error.reason, reason);
    assert.equal(error.message, message);
  }
});

test('Invalid IP keeps the address the server saw, IPv6 included, and hints the access key', () => {
  const error = serverErrorFor('Invalid IP 2001:db8::7', 403, 'x');
  assert.ok(error instanceof IpNotAllowedError);
  assert.equal(error.ip, '2001:db8::7');
  assert.equal(error.banned, false);
  assert.match(error.hint, /access key/);
  const banned = serverErrorFor('IP Banned', 403, 'x');
  assert.ok(banned instanceof IpNotAllowedError && banned.banned);
});

test('permission errors name the action', () => {
  const error = serverErrorFor('Invalid Permissions: API action "updateoauthcredential" is not allowed', 403, 'updateoauthcredential');
  assert.ok(error instanceof PermissionError);
  assert.equal(error.deniedAction, 'updateoauthcredential');
  assert.match(error.hint, /API role/);
});

test('action validation messages map to their form field', () => {
  const cases: Array<[string, string]> = [
    ['A Credential ID or Client Identifier is required.', 'credentialId'],
    ['Invalid Credential ID provided.', 'credentialId'],
    ['The requested grant type "x" is invalid.', 'grantType'],
    ['A name for the Client Credential is required.', 'name'],
    ['A service ID is required for the single sign-on grant type.', 'serviceId'],
    ['Service ID not associated with valid Client.', 'serviceId'],
    ['The requested scope "grant type" is invalid.', 'scope'],
    ['At least one valid scope is required.', 'scope'],
  ];
  for (const [message, field] of cases) {
    const error = serverErrorFor(message, 200, 'updateoauthcredential');
    assert.ok(error instanceof ValidationError, message);
    assert.equal(error.field, field, message);
    assert.equal(error.source, 'server');
  }
});

test('other messages stay ServerError with the server\'s words', () => {
  const error = serverErrorFor('Invalid API Action: "foo" is not a valid API action', 403, 'foo');
  assert.ok(error instanceof ServerError);
  assert.equal(error.status, 403);
  assert.equal(error.message, 'Invalid API Action: "foo" is not a valid API action');
});
