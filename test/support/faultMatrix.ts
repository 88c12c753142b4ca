// The fault matrix shared by the client, CLI and extension-host suites: every sandbox fault, the
// API action each operation sends, and how a fault is switched on and off.
import type { Fault, Sandbox } from '../../sandbox/index';

/**
 * The sandbox's per-request faults, and two of the connection: nobody listening, a certificate
 * nobody trusts. Not the two that only a reset meets (test/integration/credential-update.test.ts).
 */
export type FaultName = Exclude<Fault['kind'], 'noNewSecret' | 'ignoreReset'> | 'refused' | 'untrustedCertificate';

export const FAULTS: readonly FaultName[] = ['html200', 'html500', 'bom', 'phpNotice', 'delay', 'hang', 'reset', 'halfBody', 'applyThenDrop', 'redirect', 'refused', 'untrustedCertificate'];

export type Operation = 'list' | 'create' | 'update' | 'reset' | 'delete';

export const OPERATIONS: readonly Operation[] = ['list', 'create', 'update', 'reset', 'delete'];

/** The action (as the sandbox normalises it) whose request meets the fault. */
export const ACTION_OF: Readonly<Record<Operation, string>> = {
  list: 'listoauthcredentials',
  create: 'createoauthcredential',
  update: 'updateoauthcredential',
  reset: 'updateoauthcredential',
  delete: 'deleteoauthcredential',
};

/** What the message a person reads must say, per fault (survived faults have none). */
export const CAUSE_IN_MESSAGE: Readonly<Record<FaultName, RegExp>> = {
  html200: /HTML page \(HTTP 200\)/,
  html500: /HTML page \(HTTP 500\)/,
  bom: /./,
  phpNotice: /./,
  delay: /did not answer within \d/,
  hang: /did not answer within \d/,
  reset: /closed before the answer was complete/,
  halfBody: /closed before the answer was complete/,
  applyThenDrop: /closed before the answer was complete/,
  // The sandbox's default: 302 to another origin, with a query that must not be shown.
  redirect: /answered HTTP 302 with a redirect to https:\/\/whmcs\.moved\.example\/whmcs\/includes\/api\.php\. The redirect was not followed, so nothing was sent there\./,
  echoRequest: /HTML page \(HTTP 500\)/,
  refused: /Connection refused by /,
  untrustedCertificate: /certificate is self-signed/,
};

/** Faults after which the whole answer still arrives. */
export function answerArrivesWhole(kind: FaultName): boolean {
  return kind === 'bom' || kind === 'phpNotice';
}

/**
 * Switches a fault on: per-request faults hit only the operation's own request, once (the reads
 * around it work); 'delay' lasts three timeouts.
 */
export async function applyFault(box: Sandbox, kind: FaultName, operation: Operation, timeoutMs: number): Promise<void> {
  if (kind === 'refused' || kind === 'untrustedCertificate') {
    await (kind === 'refused' ? box.refuseConnections() : box.serveUntrustedCertificate(true));
    // A client in this process sees its kept-alive socket close before its next request, as it
    // would long before it in real use (a request racing the close fails as "connection closed",
    // which is another case). The sandbox has closed its ends, so the close already waits on the
    // client's sockets: the next loop iteration reads it (I/O phase) and closes them (close
    // phase), and both have run once three setImmediate turns (check phases) have passed.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  box.faults.inject({ kind, action: ACTION_OF[operation], times: 1, ...(kind === 'delay' ? { delayMs: timeoutMs * 3 } : {}) });
}

export async function clearFaults(box: Sandbox): Promise<void> {
  box.faults.clear();
  await box.acceptConnections();
  await box.serveUntrustedCertificate(false);
}

/** Counts the client secrets the sandbox makes from now on (each reset or create makes one). */
export function countNewSecrets(box: Sandbox): () => number {
  let made = 0;
  const make = box.state.newClientSecret.bind(box.state);
  box.state.newClientSecret = () => {
    made++;
    return make();
  };
  return () => made;
}
