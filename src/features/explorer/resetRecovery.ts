// A secret reset whose answer was lost: remembered by the old secret's fingerprint (kept across
// restarts), offered for a check, and on the check the new secret is kept if the reset happened.
import { notify, showError } from '../../host/notify';
import { withCancellableProgress } from '../../host/progress';
import type { ExplorerDeps } from './explorerDeps';
import { quoteText } from './resetQuestion';
import type { PendingResetCheck } from '../../app/pendingResets';
import { keepNewClientSecret } from './secretFlows';

/** Remembers a reset of unknown outcome (a notification or a command, the form or the explorer) and offers the check. */
export async function rememberUnknownReset(
  deps: ExplorerDeps,
  serverId: string,
  credential: { credentialId: number; clientIdentifier: string; name: string },
  previousSecretFingerprint: string,
): Promise<void> {
  const check: PendingResetCheck = {
    serverId,
    credentialId: credential.credentialId,
    clientIdentifier: credential.clientIdentifier,
    name: credential.name || credential.clientIdentifier,
    previousSecretFingerprint,
    at: Date.now(),
  };
  await deps.pending.add(check);
  void offerResetCheck(deps, check);
}

/** Asks whether a reset with an unknown outcome happened, and keeps the new secret if it did. */
export async function offerResetCheck(deps: ExplorerDeps, check = deps.pending.all()[0]): Promise<void> {
  if (!check) return;
  const again = 'Check Again';
  const answer = await notify(
    'error',
    `The secret reset of ${quoteText(check.name)} was sent, but its answer was lost. Do not reset again: check whether it happened, and keep the new secret if it did.`,
    {},
    again,
  );
  if (answer !== again) return;
  try {
    await checkPendingReset(deps, check);
  } catch (error) {
    showError(deps.log, 'Could not check the reset', error);
    void offerResetCheck(deps, check);
  }
}

/** Asks the server whether a reset with an unknown outcome happened; keeps the new secret if so. */
export async function checkPendingReset(deps: ExplorerDeps, check: PendingResetCheck): Promise<void> {
  const server = deps.state.server(check.serverId);
  if (!server) {
    await deps.pending.remove(check);
    return;
  }
  const api = await deps.connections.api(server.profile);
  const outcome = await withCancellableProgress(`Checking the reset of ${quoteText(check.name)}…`, (signal) =>
    api.checkReset(check.credentialId, check.previousSecretFingerprint, { signal }),
  );
  await deps.pending.remove(check);
  if (outcome.happened) {
    const kept = await keepNewClientSecret(deps, server.profile, check.clientIdentifier, check.name, outcome.secret);
    deps.state.setSecretHeld(server.profile.id, check.clientIdentifier, kept.storeDescription);
    void deps.state.reload(server.profile.id);
  } else {
    void notify('info', `The secret of ${quoteText(check.name)} was not reset: the old secret still works.`);
  }
}

