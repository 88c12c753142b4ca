// Property tests (fast-check): the PHP encoder against the sandbox's independent PHP-style parser,
// and the response decoder against arbitrary bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { httpBuildQuery, type PhpRecord, type PhpValue } from '../../src/core/whmcs/phpForm';
import { decodeAnswer } from '../../src/core/whmcs/decode';
import { UnexpectedResponseError } from '../../src/core/whmcs/errors';
import { decodeHtmlEntities } from '../../src/core/whmcs/htmlEntities';
import { parsePhpQuery, type PlainPhpValue } from '../../sandbox/phpRequest';
import { htmlEscape } from '../../sandbox/htmlEscape';

const text = fc.string({ unit: 'binary', maxLength: 40 });
/** Top-level names as API parameters are named (PHP mangles spaces and dots in top-level names). */
const topKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);
/** Keys inside brackets: anything but the closing bracket. */
const nestedKey = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((k) => !k.includes(']') && !/^\d+$/.test(k));

const scalar: fc.Arbitrary<PhpValue> = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value: fc.Arbitrary<PhpValue> = fc.letrec<{ value: PhpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nestedKey, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** What PHP should end up with: scalars as strings, arrays as index-keyed maps, nothing for empties. */
function expected(input: PhpValue): PlainPhpValue | undefined {
  if (input === null || input === undefined) return undefined;
  if (typeof input === 'boolean') return input ? '1' : '0';
  if (typeof input === 'string' || typeof input === 'number') return String(input);
  const entries = Array.isArray(input) ? input.map((v, i) => [String(i), v] as const) : Object.entries(input);
  const out: Record<string, PlainPhpValue> = {};
  for (const [key, child] of entries) {
    const converted = expected(child as PhpValue);
    if (converted !== undefined) out[key] = converted;
  }
  return Object.keys(out).length ? out : undefined;
}

test('http_build_query encoding round-trips through PHP request parsing', () => {
  fc.assert(
    fc.property(fc.dictionary(topKey, value, { maxKeys: 5 }), (record: PhpRecord) => {
      const parsed = parsePhpQuery(httpBuildQuery(record)).toPlain();
      assert.deepEqual(parsed, expected(record) ?? {});
    }),
    { numRuns: 400 },
  );
});

test('the decoder returns an answer or throws UnexpectedResponseError, whatever the bytes', () => {
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.tuple(fc.string({ maxLength: 40 }), fc.json(), fc.string({ maxLength: 10 })).map(([before, json, after]) => before + json + after),
    fc.json().map((json) => `\uFEFF<br />\n<b>Notice</b>: x<br />\n${json}`),
    fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 12 })).map((d) => `result=${Object.entries(d).map(([k, v]) => `${k}=${v}`).join(';')}`),
  );
  fc.assert(
    fc.property(bodies, fc.integer({ min: 100, max: 599 }), (body, status) => {
      try {
        const answer = decodeAnswer(status, body, 'listoauthcredentials');
        assert.ok(typeof answer === 'object' && answer !== null && 'result' in answer);
      } catch (error) {
        assert.ok(error instanceof UnexpectedResponseError, `threw ${String(error)}`);
        assert.ok(error.excerpt.length <= 200);
      }
    }),
    { numRuns: 1_000 },
  );
});

test('decoding HTML entities undoes the server\'s escaping exactly once', () => {
  fc.assert(
    fc.property(text, (original) => {
      assert.equal(decodeHtmlEntities(htmlEscape(original)), original);
    }),
    { numRuns: 500 },
  );
});
