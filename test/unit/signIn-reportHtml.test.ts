// The Test Sign-In report page: what it says for a pass and a failure, that everything from the
// server or the person is text (never markup), which fixes get a button, and that the report
// page's messages are exactly the two clicks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInReport } from '../../src/core/oidc/signInReport';
import { SIGN_IN_STEPS } from '../../src/core/oidc/signInReport';
import { escape, fixIsAction, reportBody } from '../../src/features/signIn/reportHtml';
import { parseReportMessage } from '../../src/shared/protocol';

function report(overrides: Partial<SignInReport> = {}): SignInReport {
  return {
    credentialId: 7,
    clientIdentifier: 'WHMCS.abc',
    credentialName: 'Shop <script>alert(1)</script>',
    issuer: 'https://billing.example',
    redirectUri: 'http://127.0.0.1:50000/whmcs-oauth/callback',
    requestedScopes: ['openid', 'profile', 'email'],
    grantedScopes: ['openid', 'profile', 'email'],
    claims: { sub: 'u-1', email: 'a"b@example.com', email_verified: false },
    steps: SIGN_IN_STEPS.map((id) => ({ id, outcome: 'passed' as const, ms: 12, detail: `${id} <b>ok</b>` })),
    passed: true,
    startedAt: '2026-12-02T14:00:00.000Z',
    totalMs: 1234,
    ...overrides,
  };
}

test('a pass: summary, six passed steps with times, scopes and claims, all as text', () => {
  const html = reportBody({ report: report(), serverLabel: 'Billing & Co', canRunAgain: true });
  assert.match(html, /class="summary passed"/);
  assert.equal(html.match(/<tr class="passed"/g)?.length, 6);
  assert.match(html, /12 ms/);
  assert.match(html, /Shop &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  assert.ok(!html.includes('<script>') && !html.includes('<b>'), 'server or person text became markup');
  assert.match(html, /Billing &#38; Co/);
  assert.match(html, /a&#34;b@example.com/);
  assert.match(html, /<code>email_verified<\/code><\/th><td>false/);
  assert.match(html, /data-action="runAgain"/);
  assert.ok(!html.includes('data-action="fix"'));
});

test('a failure: the failed step, what it means, the server answer, and a fix button only for fixes the host can apply', () => {
  const steps = SIGN_IN_STEPS.map((id, index) => ({ id, outcome: index < 3 ? ('passed' as const) : index === 3 ? ('failed' as const) : ('skipped' as const), ms: index > 3 ? 0 : 5, detail: '' }));
  const failed = report({
    passed: false,
    steps,
    claims: {},
    grantedScopes: [],
    failure: {
      code: 'secretRejected',
      meaning: 'The secret is not the current one.',
      fix: { kind: 'storeCurrentSecret', label: 'Read the current client secret from WHMCS and store it' },
      serverError: { error: 'invalid_client', description: 'The client credentials are invalid' },
    },
  });
  const html = reportBody({ report: failed, serverLabel: 'S', canRunAgain: false });
  assert.match(html, /The sign-in failed at Code exchange/);
  assert.match(html, /<code>invalid_client<\/code>: “The client credentials are invalid”/);
  assert.match(html, /<button type="button" data-action="fix">Read the current client secret from WHMCS and store it<\/button>/);
  assert.equal(html.match(/<tr class="skipped"/g)?.length, 2);
  assert.ok(!html.includes('Claims'), 'no claims section without claims');
  assert.ok(!html.includes('runAgain'));

  const advice = reportBody({ report: { ...failed, failure: { code: 'idTokenClaims', meaning: 'm', fix: { kind: 'checkServerClock', label: 'Synchronise the clock', value: '+600 s' } } }, serverLabel: 'S', canRunAgain: true });
  assert.ok(!advice.includes('data-action="fix"'));
  assert.match(advice, /class="fix">Synchronise the clock/);
});

test('fix buttons: register a redirect URI, store the current secret, leave out a scope; the rest is advice', () => {
  const kinds = ['registerRedirectUri', 'storeCurrentSecret', 'removeScope', 'checkServerClock', 'checkSystemUrl', 'useAuthorizationCodeCredential', 'retry'] as const;
  assert.deepEqual(kinds.filter((kind) => fixIsAction({ kind, label: '' })), ['registerRedirectUri', 'storeCurrentSecret', 'removeScope']);
  assert.equal(escape(`<&>"'`), '&#60;&#38;&#62;&#34;&#39;');
});

test('report page messages: exactly runAgain or fix, nothing else', () => {
  assert.deepEqual(parseReportMessage({ type: 'runAgain' }), { ok: true, message: { type: 'runAgain' } });
  assert.deepEqual(parseReportMessage({ type: 'fix' }), { ok: true, message: { type: 'fix' } });
  for (const bad of [null, 'fix', [], {}, { type: 'save' }, { type: 'fix', kind: 'storeCurrentSecret' }, { type: 7 }]) {
    assert.equal(parseReportMessage(bad).ok, false, JSON.stringify(bad));
  }
});
