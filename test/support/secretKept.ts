// The invariant of every save that did not ask for a reset: the client secret on the server is the
// one it had, and no UpdateOAuthCredential carried a resetSecret parameter at all. Both published
// npm WHMCS clients send `resetSecret=false` on a plain update; PHP reads the string "false" as
// true, so WHMCS makes a new secret on every save and the old one, still in use, stops working.
// Absence is the only safe form: "0" happens to be false, but nothing needs the parameter there.
import assert from 'node:assert/strict';
import type { LoggedRequest } from '../../sandbox/index';

const UPDATE = 'updateoauthcredential';

export interface SaveWithoutReset {
  /** The credential's client secret on the server before and after (compared, never printed). */
  secretBefore: string | undefined;
  secretAfter: string | undefined;
  /** What the sandbox received meanwhile (sb.requests() or GET __sandbox/requests). */
  requests: readonly LoggedRequest[];
  /** At least this many updates must have been sent, so the check cannot pass by saving nothing. */
  minimumUpdates?: number;
}

export function assertSecretKept({ secretBefore, secretAfter, requests, minimumUpdates = 1 }: SaveWithoutReset): void {
  assert.ok(secretBefore, 'no client secret to compare: the credential is missing on the server');
  const updates = requests.filter((request) => request.action === UPDATE);
  assert.ok(updates.length >= minimumUpdates, `${updates.length} UpdateOAuthCredential requests, expected at least ${minimumUpdates}`);
  assert.ok(secretAfter === secretBefore, 'a save that did not ask for a reset changed the client secret');
  const carrying = updates.filter((request) => request.params.includes('resetSecret')).length;
  assert.equal(carrying, 0, 'a save that did not ask for a reset sent a resetSecret parameter');
}

/** The opposite, to show the check can see a reset: the last update carried resetSecret. */
export function assertLastUpdateReset(requests: readonly LoggedRequest[]): void {
  const last = requests.filter((request) => request.action === UPDATE).at(-1);
  assert.ok(last?.params.includes('resetSecret'), 'the reset was sent without a resetSecret parameter');
}
