// Every sandbox fault against every operation, through the client: each ends in a typed error
// with a message a person understands (or succeeds where the fault is survivable), nothing hangs
// past the timeout, and a reset secret is never lost. The sandbox serves TLS with a certificate
// the client trusts through its CA, so that it can also present one the client does not know.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { WhmcsError } from '../../src/core/whmcs/errors';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import { answerArrivesWhole, applyFault, CAUSE_IN_MESSAGE, clearFaults, FAULTS, OPERATIONS, type FaultName, type Operation } from '../support/faultMatrix';

const TIMEOUT_MS = 400;
let box: Sandbox;
let api: OAuthCredentialsApi;

before(async () => {
  box = await createSandbox({ tls: true });
  api = new OAuthCredentialsApi(
    new WhmcsClient({
      baseUrl: box.url,
      auth: { kind: 'apiCredential', ...box.apiCredential },
      tls: { caPem: box.caPem },
      timeouts: { headersMs: TIMEOUT_MS, bodyMs: TIMEOUT_MS },
    }),
  );
});

after(async () => {
  await api.client.close();
  await box.close();
});

/** Faults after which the answer still arrives whole; a read is also sent once more when the connection drops. */
function survivable(kind: FaultName, operation: Operation): boolean {
  if (answerArrivesWhole(kind)) return true;
  return operation === 'list' && (kind === 'reset' || kind === 'halfBody' || kind === 'applyThenDrop');
}

async function run(operation: Operation, target: { credentialId: number }, fault: FaultName): Promise<{ newSecret?: string }> {
  const current = await api.get(target.credentialId);
  await applyFault(box, fault, operation, TIMEOUT_MS);
  switch (operation) {
    case 'list':
      await api.list();
      return {};
    case 'create': {
      await api.create({ grantType: 'authorization_code', name: 'Created under fault', scopes: ['openid'] });
      return {};
    }
    case 'update':
      await api.update(current, { description: 'changed under fault' });
      return {};
    case 'reset': {
      const result = await api.resetSecret(current);
      return { newSecret: result.newClientSecret };
    }
    case 'delete':
      await api.delete(target.credentialId);
      return {};
  }
}

describe('fault matrix', () => {
  for (const kind of FAULTS) {
    for (const operation of OPERATIONS) {
      test(`${kind} × ${operation}`, async () => {
        await clearFaults(box);
        const target = box.state.addCredential({ grantTypes: 'authorization_code', name: 'Fault target', scope: 'openid' });
        const createdBefore = box.state.listCredentials().filter((c) => c.name === 'Created under fault').length;
        const started = Date.now();
        let outcome: Awaited<ReturnType<typeof run>> | undefined;
        let failure: unknown;
        try {
          outcome = await run(operation, target, kind);
        } catch (error) {
          failure = error;
        } finally {
          await clearFaults(box);
        }
        const elapsed = Date.now() - started;
        assert.ok(elapsed < TIMEOUT_MS * 4 + 1_000, `took ${elapsed} ms`);
        if (failure === undefined) {
          // Survivable faults succeed; a lost reset answer is recovered from the server.
          assert.ok(survivable(kind, operation) || operation === 'reset', `${kind} × ${operation} should have failed`);
        } else {
          assert.ok(failure instanceof WhmcsError, `untyped error: ${String(failure)}`);
          assert.ok(failure.message.length > 10 && failure.hint.length > 10, 'a message and a hint a person can act on');
          assert.match(failure.message, CAUSE_IN_MESSAGE[kind]);
          assert.ok(!survivable(kind, operation), `${kind} × ${operation} should have been survived: ${failure.message}`);
          assert.ok(!failure.message.includes(box.apiCredential.secret));
          const createdAnyway = box.state.listCredentials().filter((c) => c.name === 'Created under fault').length > createdBefore;
          if (operation === 'create' && createdAnyway) assert.match(failure.hint, /may have been created anyway: look for "Created under fault"/);
        }
        if (operation === 'reset') {
          const stored = box.state.getCredential(target.credentialId)?.clientSecret;
          if (outcome?.newSecret !== undefined) {
            assert.equal(outcome.newSecret, stored, 'the returned secret is the one the server holds');
          } else {
            // Not returned: the server must still hold the old secret, and the error says so
            // (or the request provably never reached the server).
            const { kind: failureKind, maybeApplied } = failure as { kind?: string; maybeApplied?: boolean };
            assert.ok(failureKind === 'resetNotApplied' || (failureKind === 'transport' && maybeApplied === false), `${failureKind}: ${String(failure)}`);
            assert.equal(stored, target.clientSecret, 'the server reset a secret the client did not return');
          }
        }
      });
    }
  }
});
