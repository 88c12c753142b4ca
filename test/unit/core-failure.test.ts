// The one error guard, as another bundle's errors reach it: by their `kind`, never instanceof.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure } from '../../src/core/failure';
import { AuthError, ResetOutcomeUnknownError, TransportError, ValidationError } from '../../src/core/whmcs/errors';
import { InsecureHttpError } from '../../src/core/whmcs/serverUrl';

/** The error as another bundle's copy of the class would look: same fields, another prototype. */
const foreign = (error: Error) => Object.assign(Object.create(Error.prototype) as Error, { ...error, message: error.message, name: error.name, kind: (error as { kind?: string }).kind });

test('refused before anything was applied: nothing changed', () => {
  for (const error of [new AuthError('Authentication Failed', 'credentials'), new ValidationError('A name is required.', 'name', 'server'), new InsecureHttpError('http://x.example')]) {
    const failure = describeFailure(foreign(error));
    assert.equal(failure.changed, 'no', error.name);
    assert.equal(failure.message, error.message);
    assert.ok(failure.hint, `${error.name} carries a hint`);
  }
  assert.equal(describeFailure(new ValidationError('x', 'redirectUri', 'server')).field, 'redirectUri');
});

test('a lost answer may have been applied; a refused connection has not; a cancel is not reported', () => {
  assert.equal(describeFailure(foreign(new TransportError('no answer', 'headersTimeout', true, 'h'))).changed, 'maybe');
  assert.equal(describeFailure(foreign(new TransportError('refused', 'refused', false, 'h'))).changed, 'no');
  const cancelled = describeFailure(foreign(new TransportError('cancelled', 'cancelled', true, 'h')));
  assert.equal(cancelled.cancelled, true);
  assert.equal(describeFailure(new Error('a bug')).changed, 'maybe', 'an unknown error may have changed something');
});

test('an unknown reset outcome carries the fingerprint for the later check; an IP refusal the address', () => {
  const unknown = describeFailure(foreign(new ResetOutcomeUnknownError(3, 'ab'.repeat(32), new TransportError('x', 'reset', true, 'h'))));
  assert.deepEqual(unknown.resetOutcomeUnknown, { previousSecretFingerprint: 'ab'.repeat(32) });
  assert.deepEqual(describeFailure({ kind: 'ip', message: 'Invalid IP 203.0.113.7', ip: '203.0.113.7' }).refusedAddress, { ip: '203.0.113.7' });
  assert.equal(describeFailure({ kind: 'auth', message: 'x' }).refusedAddress, undefined);
});
