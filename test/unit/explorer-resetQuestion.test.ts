// The reset question shared by the explorer and the update form: names quoted so that any name
// reads right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quoteText, resetSecretQuestion } from '../../src/features/explorer/resetQuestion';

const subject = { name: 'Billing portal', clientIdentifier: 'WHMCS-4c1d0e2f9a', serverLabel: 'Sandbox', storeDescription: 'the OS keychain (Secret Service)' };

test('names the credential, its client ID, the server and where the new secret goes', () => {
  assert.deepEqual(resetSecretQuestion(subject), {
    message: 'Reset the client secret of "Billing portal" on Sandbox?',
    detail:
      'The old secret stops working at once: every application using client ID "WHMCS-4c1d0e2f9a" must get the new one. There is no undo. The new secret goes to the OS keychain (Secret Service).',
    confirmLabel: 'Reset Secret',
  });
});

test('a credential without a name is named by its client ID', () => {
  assert.equal(resetSecretQuestion({ ...subject, name: '' }).message, 'Reset the client secret of the credential with client ID "WHMCS-4c1d0e2f9a" on Sandbox?');
});

test('a very long name is cut after its first 200 characters, outside the quotes', () => {
  assert.equal(resetSecretQuestion({ ...subject, name: 'Ü'.repeat(3_000) }).message, `Reset the client secret of "${'Ü'.repeat(200)}"… on Sandbox?`);
});

test('quotes and ampersands inside a name cannot end the quotation', () => {
  assert.equal(quoteText('Acme "prod" & co'), '"Acme \\"prod\\" & co"');
  assert.equal(quoteText('a" on "Other server'), '"a\\" on \\"Other server"');
  assert.equal(quoteText('back\\slash'), '"back\\\\slash"');
  assert.equal(resetSecretQuestion({ ...subject, name: 'Acme "prod" & co' }).message, 'Reset the client secret of "Acme \\"prod\\" & co" on Sandbox?');
});

test('invisible and text-moving characters are shown escaped', () => {
  assert.equal(quoteText('a\u202Eb'), '"a\\u202eb"', 'a right-to-left override');
  assert.equal(quoteText('line\nbreak\u2028x'), '"line\\nbreak\\u2028x"');
  assert.equal(quoteText('nul\u0000del\u007fc1\u0085'), '"nul\\u0000del\\u007fc1\\u0085"');
  assert.equal(quoteText('tag\u{E0041}'), '"tag\\udb40\\udc41"', 'a format character outside the BMP');
  assert.equal(quoteText('Ünïcödé 名前 🙂'), '"Ünïcödé 名前 🙂"', 'visible text is kept');
});

test('any name: parses back to itself, and the only unescaped quotes are the two around it', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), (a, b) => {
      for (const name of [a, b]) {
        const quoted = quoteText(name);
        assert.equal(JSON.parse(quoted), name);
        assert.equal(quoted.replace(/\\./g, '').split('"').length - 1, 2);
        assert.ok(!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(quoted));
      }
    }),
  );
});
