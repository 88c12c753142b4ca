// What Test Sign-In remembers across runs and restarts: the loopback port of each credential (so
// the redirect URI a person registered keeps working), and every redirect URI registered only for
// a test until it has been removed again. A removal is recorded before the URI is added, so a
// crash, a failed removal or a closed window leaves a record that is retried, never a stray URI.
import { MementoList, type Memento } from './memento';

export interface TestRedirect {
  serverId: string;
  credentialId: number;
  uri: string;
}

const PORTS_KEY = 'whmcsOAuth.signInPorts';
const PENDING_KEY = 'whmcsOAuth.signInRedirectsToRemove';

export class SignInRedirects {
  private readonly pending: MementoList<TestRedirect>;

  constructor(private readonly memento: Memento) {
    this.pending = new MementoList(memento, PENDING_KEY, isTestRedirect, same);
  }

  port(serverId: string, credentialId: number): number | undefined {
    return this.ports()[keyOf(serverId, credentialId)];
  }

  async keepPort(serverId: string, credentialId: number, port: number): Promise<void> {
    if (this.port(serverId, credentialId) === port) return;
    await this.memento.update(PORTS_KEY, { ...this.ports(), [keyOf(serverId, credentialId)]: port });
  }

  toRemove(): TestRedirect[] {
    return this.pending.all();
  }

  rememberToRemove(redirect: TestRedirect): Promise<void> {
    return this.pending.put(redirect);
  }

  removed(redirect: TestRedirect): Promise<void> {
    return this.pending.remove(redirect);
  }

  /**
   * Removes every remembered test redirect URI with `remove`; each one removed (or whose server
   * is gone) is forgotten, each failure kept for the next try. Resolves with the failures.
   */
  async removeAll(
    remove: (redirect: TestRedirect) => Promise<'removed' | 'serverGone'>,
  ): Promise<Array<{ redirect: TestRedirect; error: unknown }>> {
    const failures: Array<{ redirect: TestRedirect; error: unknown }> = [];
    for (const redirect of this.toRemove()) {
      try {
        await remove(redirect);
        await this.removed(redirect);
      } catch (error) {
        failures.push({ redirect, error });
      }
    }
    return failures;
  }

  private ports(): Record<string, number> {
    const stored = this.memento.get<unknown>(PORTS_KEY);
    if (!stored || typeof stored !== 'object') return {};
    return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, number] => isPort(entry[1])));
  }
}

function keyOf(serverId: string, credentialId: number): string {
  return `${serverId}#${credentialId}`;
}

function same(a: TestRedirect, b: TestRedirect): boolean {
  return a.serverId === b.serverId && a.credentialId === b.credentialId && a.uri === b.uri;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function isTestRedirect(value: unknown): value is TestRedirect {
  const v = value as Partial<TestRedirect> | null;
  return typeof v?.serverId === 'string' && typeof v.credentialId === 'number' && typeof v.uri === 'string';
}
