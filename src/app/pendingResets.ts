// Secret resets whose answer was lost, kept across restarts until checked: only the fingerprint
// of the old secret is kept (never a secret), enough to ask the server later whether it changed.
import { MementoList, type Memento } from './memento';

/** A reset whose outcome is unknown: only the fingerprint of the old secret is kept. */
export interface PendingResetCheck {
  serverId: string;
  credentialId: number;
  clientIdentifier: string;
  name: string;
  previousSecretFingerprint: string;
  at: number;
}

const PENDING_KEY = 'whmcsOAuth.pendingResetChecks';

export class PendingResetChecks {
  private readonly checks: MementoList<PendingResetCheck>;

  constructor(memento: Memento) {
    this.checks = new MementoList(memento, PENDING_KEY, isPendingResetCheck, same);
  }

  all(): PendingResetCheck[] {
    return this.checks.all();
  }

  add(check: PendingResetCheck): Promise<void> {
    return this.checks.put(check);
  }

  remove(check: PendingResetCheck): Promise<void> {
    return this.checks.remove(check);
  }
}

function same(a: PendingResetCheck, b: PendingResetCheck): boolean {
  return a.serverId === b.serverId && a.credentialId === b.credentialId;
}

function isPendingResetCheck(value: unknown): value is PendingResetCheck {
  const v = value as Partial<PendingResetCheck> | null;
  return (
    typeof v?.serverId === 'string' &&
    typeof v.credentialId === 'number' &&
    typeof v.clientIdentifier === 'string' &&
    typeof v.name === 'string' &&
    typeof v.previousSecretFingerprint === 'string'
  );
}
