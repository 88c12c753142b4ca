// What the explorer knows about each server: its profile, the last list of credentials or the
// last error, and which store holds each client secret it holds. No vscode import: the tree
// provider renders it, the commands change it.
import { describeFailure } from '../core/failure';
import { sameCredential } from '../core/whmcs/credentialDiff';
import { CredentialIndex } from './credentialIndex';
import { Emitter, type Event } from './emitter';
import type { OAuthCredential } from '../core/whmcs/types';
import type { ServerProfile } from './serverProfile';

export type ServerStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; since: number }
  | {
      kind: 'loaded';
      credentials: readonly OAuthCredential[];
      /** By credential ID: the tree looks every item up, and a server may have thousands. */
      byId: CredentialIndex;
      /** Client ID -> the store that holds its reset secret. */
      heldSecrets: ReadonlyMap<string, string>;
      at: number;
    }
  | { kind: 'failed'; message: string; hint: string | undefined; errorKind: string; at: number };

export interface ServerEntry {
  profile: ServerProfile;
  status: ServerStatus;
}

export interface LoadResult {
  credentials: readonly OAuthCredential[];
  heldSecrets: ReadonlyMap<string, string>;
}

/** What changed: a server's status (undefined: the list of servers), and credentials whose content changed. */
export interface StateChange {
  serverId: string | undefined;
  /** Credentials a load found different from the version known before (edited, reset, elsewhere). */
  changedCredentials: readonly OAuthCredential[];
}

/**
 * The per-server state with de-duplicated loads: a second refresh joins the one under way. Every
 * change is announced on onDidChange, synchronously, so the tree and open forms follow at once.
 */
export class ExplorerState {
  private readonly entries = new Map<string, ServerEntry>();
  /** The load under way per server, and the invalidation it started after. */
  private readonly loads = new Map<string, { settled: Promise<void>; generation: number }>();
  /** Counts invalidations per server: a load that started before the last one is out of date. */
  private readonly generations = new Map<string, number>();
  /** The credentials of the last load of each server, to tell what a new load changed. */
  private readonly known = new Map<string, CredentialIndex>();
  private readonly changes = new Emitter<StateChange>();
  readonly onDidChange: Event<StateChange> = this.changes.event;

  constructor(private readonly load: (profile: ServerProfile) => Promise<LoadResult>) {}

  /** Replaces the profiles; keeps what is known about servers whose profile did not change. */
  setProfiles(profiles: readonly ServerProfile[]): void {
    const next = new Map<string, ServerEntry>();
    for (const profile of profiles) {
      const previous = this.entries.get(profile.id);
      const same = previous && JSON.stringify(previous.profile) === JSON.stringify(profile);
      next.set(profile.id, same && previous ? previous : { profile, status: { kind: 'idle' } });
    }
    this.entries.clear();
    for (const [id, entry] of next) this.entries.set(id, entry);
    this.changes.fire({ serverId: undefined, changedCredentials: [] });
  }

  servers(): ServerEntry[] {
    return [...this.entries.values()];
  }

  server(id: string): ServerEntry | undefined {
    return this.entries.get(id);
  }

  credential(serverId: string, credentialId: number): OAuthCredential | undefined {
    const status = this.entries.get(serverId)?.status;
    return status?.kind === 'loaded' ? status.byId.get(credentialId) : undefined;
  }

  /** Forgets the data so that the next read loads again. */
  invalidate(serverId?: string): void {
    for (const entry of serverId ? [this.entries.get(serverId)] : this.entries.values()) {
      if (entry && entry.status.kind !== 'loading') {
        if (entry.status.kind === 'loaded') this.known.set(entry.profile.id, entry.status.byId);
        entry.status = { kind: 'idle' };
      }
      if (entry) this.generations.set(entry.profile.id, this.generation(entry.profile.id) + 1);
    }
    this.changes.fire({ serverId, changedCredentials: [] });
  }

  /** Loads a server unless it is loaded; resolves when its status is final. Never rejects. */
  ensureLoaded(serverId: string): Promise<void> {
    const entry = this.entries.get(serverId);
    if (!entry || entry.status.kind === 'loaded' || entry.status.kind === 'failed') return Promise.resolve();
    return this.current(serverId) ?? this.fetch(entry, true);
  }

  /**
   * Reads a server again while what it shows stays (after a change made here: a reset, a save);
   * announces what changed when the answer is in. Never rejects.
   */
  reload(serverId: string): Promise<void> {
    const entry = this.entries.get(serverId);
    if (!entry) return Promise.resolve();
    return this.current(serverId) ?? this.fetch(entry, entry.status.kind !== 'loaded');
  }

  /** The load under way, if it started after the last invalidation (an older one reads old data). */
  private current(serverId: string): Promise<void> | undefined {
    const running = this.loads.get(serverId);
    return running && running.generation === this.generation(serverId) ? running.settled : undefined;
  }

  private generation(serverId: string): number {
    return this.generations.get(serverId) ?? 0;
  }

  private fetch(entry: ServerEntry, showLoading: boolean): Promise<void> {
    const serverId = entry.profile.id;
    const generation = this.generation(serverId);
    const outdated = () => generation !== this.generation(serverId) || this.entries.get(serverId) !== entry;
    if (entry.status.kind === 'loaded') this.known.set(serverId, entry.status.byId);
    if (showLoading) {
      entry.status = { kind: 'loading', since: Date.now() };
      // Announced after the caller's turn (a tree read may be under way): it shows its loading icon.
      queueMicrotask(() => this.changes.fire({ serverId, changedCredentials: [] }));
    }
    let changedCredentials: OAuthCredential[] = [];
    const promise = this.load(entry.profile).then(
      (result) => {
        if (outdated()) return;
        const byId = new CredentialIndex(result.credentials);
        const before = this.known.get(serverId);
        changedCredentials = before ? result.credentials.filter((credential) => differs(before.get(credential.credentialId), credential)) : [];
        this.known.set(serverId, byId);
        entry.status = { kind: 'loaded', ...result, byId, at: Date.now() };
      },
      (error: unknown) => {
        if (outdated()) return;
        const { message, hint, kind } = describeFailure(error);
        entry.status = { kind: 'failed', message, hint, errorKind: kind, at: Date.now() };
      },
    );
    const settled = promise.finally(() => {
      if (this.loads.get(serverId)?.settled === settled) this.loads.delete(serverId);
      if (!outdated()) this.changes.fire({ serverId, changedCredentials });
    });
    this.loads.set(serverId, { settled, generation });
    return settled;
  }

  /** Records where a client secret is held (undefined: nowhere) without a reload. */
  setSecretHeld(serverId: string, clientIdentifier: string, storeDescription: string | undefined): void {
    const status = this.entries.get(serverId)?.status;
    if (status?.kind !== 'loaded') return;
    const next = new Map(status.heldSecrets);
    if (storeDescription !== undefined) next.set(clientIdentifier, storeDescription);
    else next.delete(clientIdentifier);
    status.heldSecrets = next;
    this.changes.fire({ serverId, changedCredentials: [] });
  }
}

/** A credential that a new load found different from the version known before. */
function differs(before: OAuthCredential | undefined, after: OAuthCredential): boolean {
  return before !== undefined && !sameCredential(before, after);
}
