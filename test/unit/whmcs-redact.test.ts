import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echoedForms, REDACTED, redactKnownSecrets, redactSecrets } from '../../src/core/whmcs/redact';

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

test('the user info of any URL is redacted, whatever the scheme and however the password is spelled', () => {
  const cases: Array<[string, string]> = [
    ['proxy http://alice:s3cret@proxy.example:3128 failed', `proxy http://${REDACTED}@proxy.example:3128 failed`],
    ['HTTPS_PROXY=https://alice@proxy.example', `HTTPS_PROXY=https://${REDACTED}@proxy.example`],
    ['socks5://u:p%40ss@10.0.0.1:1080/', `socks5://${REDACTED}@10.0.0.1:1080/`],
    // An unencoded "@" in the password: URL parsers split at the last one, and so does the redaction.
    ['(http://bob:p@ss@proxy:8080)', `(http://${REDACTED}@proxy:8080)`],
    ['two: http://a:b@x and https://c:d@y/path', `two: http://${REDACTED}@x and https://${REDACTED}@y/path`],
  ];
  for (const [input, expected] of cases) assert.equal(redactSecrets(input), expected, input);
  // No user info: nothing changes, not even an "@" after the host.
  for (const text of ['https://billing.example.com/whmcs?from=a@b.example', 'mail me at a@b.example', 'http://proxy:3128']) {
    assert.equal(redactSecrets(text), text);
  }
});

test('request variables printed by PHP print_r are redacted by key', () => {
  assert.equal(redactSecrets('Array ( [action] => List [secret] => abc123 [accesskey] => Kx-1 )'), `Array ( [action] => List [secret] => ${REDACTED} [accesskey] => ${REDACTED} )`);
});

test('a secret is known in every form a page may echo it in', () => {
  const forms = echoedForms(`K&<e>y"1'+ /`);
  for (const form of [`K&<e>y"1'+ /`, 'K%26%3Ce%3Ey%221%27%2B+%2F', 'K%26%3Ce%3Ey%221\'%2B%20%2F', 'K&amp;&lt;e&gt;y&quot;1&#039;+ /']) {
    assert.ok(forms.includes(form), form);
  }
  assert.deepEqual(echoedForms('plain0123'), ['plain0123']);
});

test('known secrets of four characters or more are redacted; shorter ones would cut up ordinary words', () => {
  assert.equal(redactKnownSecrets('pin 7a9Q in use', ['7a9Q']), `pin ${REDACTED} in use`);
  assert.equal(redactKnownSecrets('the cat sat', ['cat']), 'the cat sat');
});

test('a page echoing the HTML-escaped secret shows one marker, not a half-replaced form', () => {
  // "Kz9&" is also the start of its own HTML form "Kz9&amp;": replacing it first would leave "amp;".
  const secret = 'Kz9&';
  const forms = echoedForms(secret);
  assert.deepEqual(forms, [...forms].sort((a, b) => b.length - a.length), 'longest first');
  assert.equal(redactKnownSecrets('value="Kz9&amp;"', forms), `value="${REDACTED}"`);
});
