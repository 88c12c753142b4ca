import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redactSecrets } from '../../src/whmcs/redact';

test('secret-bearing keys, long base64 and known secrets are redacted', () => {
  assert.equal(redactSecrets('clientsecret=abc123&x=1'), `clientsecret=${REDACTED}&x=1`);
  assert.equal(redactSecrets('{"secret": "hunter2"}'), `{"secret": "${REDACTED}"}`);
  assert.equal(redactSecrets(`token => ${'A'.repeat(50)}`), `token => ${REDACTED}`);
  assert.equal(redactSecrets('the value s3cr3t-value leaked', ['s3cr3t-value']), `the value ${REDACTED} leaked`);
  assert.equal(redactSecrets(`see ${'Zm9v'.repeat(12)} here`), `see ${REDACTED} here`);
});

test('an error kind after "secret:" stays readable in the log', () => {
  const line = 'Could not reset client secret: [resetNotApplied] The server did not reset the secret.';
  assert.equal(redactSecrets(line), line);
  assert.equal(redactSecrets('secret: [x]abc'), 'secret: [x]abc');
});
