import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnswer, parseKeyValueText } from '../../src/core/whmcs/decode';
import { UnexpectedResponseError } from '../../src/core/whmcs/errors';
import { decodeHtmlEntities } from '../../src/core/whmcs/htmlEntities';

test('plain JSON, with \\/ and \\u0026 escapes', () => {
  const answer = decodeAnswer(200, '{"result":"success","logoUri":"https:\\/\\/x\\u0026y"}', 'a');
  assert.equal(answer['logoUri'], 'https://x&y');
});

test('a BOM and leading whitespace are skipped', () => {
  assert.equal(decodeAnswer(200, '\uFEFF \n{"result":"success"}', 'a')['result'], 'success');
});

test('PHP notices before the JSON are skipped', () => {
  const body =
    '<br />\n<b>Notice</b>:  Undefined index: foo in <b>/var/www/whmcs/includes/api.php</b> on line <b>42</b><br />\n{"result":"success","n":{"a":1}}';
  assert.deepEqual(decodeAnswer(200, body, 'a'), { result: 'success', n: { a: 1 } });
});

test('the key=value; text format', () => {
  assert.deepEqual(parseKeyValueText('result=error;message=Invalid IP 2001:db8::1;'), {
    result: 'error',
    message: 'Invalid IP 2001:db8::1',
  });
  assert.equal(decodeAnswer(403, 'result=error;message=Authentication Failed', 'a')['message'], 'Authentication Failed');
});

test('an HTML page becomes UnexpectedResponseError with status and a short tag-free excerpt', () => {
  const page = `<html><head><title>Down for Maintenance</title><style>p{}</style></head><body><p>We are upgrading.</p>${'x'.repeat(500)}</body></html>`;
  assert.throws(
    () => decodeAnswer(503, page, 'listoauthcredentials'),
    (error: unknown) => {
      assert.ok(error instanceof UnexpectedResponseError);
      assert.equal(error.status, 503);
      assert.match(error.excerpt, /^Down for Maintenance We are upgrading\./);
      assert.ok(error.excerpt.length <= 200);
      assert.doesNotMatch(error.excerpt, /<|p\{\}/);
      assert.match(error.message, /HTML page \(HTTP 503\)/);
      return true;
    },
  );
});

test('excerpts never carry secrets, known or secret-shaped', () => {
  const secret = 'S3cr3tValue';
  const clientSecret = 'A'.repeat(86) + '==';
  const page = `<pre>Fatal error: identifier=abc&secret=${secret} clientSecret: ${clientSecret}</pre>`;
  try {
    decodeAnswer(500, page, 'a', [secret]);
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof UnexpectedResponseError);
    assert.ok(!error.message.includes(secret) && !error.excerpt.includes(secret));
    assert.ok(!error.message.includes(clientSecret));
  }
});

test('an empty body and broken JSON are unexpected', () => {
  assert.throws(() => decodeAnswer(200, '', 'a'), /empty body/);
  assert.throws(() => decodeAnswer(200, '{"result":"succ', 'a'), UnexpectedResponseError);
  assert.throws(() => decodeAnswer(200, '[1,2]', 'a'), UnexpectedResponseError);
});

test('HTML entities are decoded once, in one pass', () => {
  assert.equal(decodeHtmlEntities('Tom &amp; Jerry&#039;s &quot;app&quot; &lt;b&gt;'), 'Tom & Jerry\'s "app" <b>');
  assert.equal(decodeHtmlEntities('&amp;lt;'), '&lt;');
  assert.equal(decodeHtmlEntities('&amp;amp;'), '&amp;');
  assert.equal(decodeHtmlEntities('&#65; &copy;'), '&#65; &copy;');
});
