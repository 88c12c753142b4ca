// What the explorer knows about each server: its profile, the last list of credentials or the
// last error, and which store holds each client secret it holds. No vscode import: the tree
// provider renders it, the commands change it.
import { describeFailure } from '../core/failure';
import type { OAuthCredential } from '../core/whmcs/types';
import type { ServerProfile } from './serverProfile';

export type ServerStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; since: number }
  | {
      kind: 'loaded';
      credentials: readonly OAuthCredential[];
      /** By credential ID: the tree looks every item up, and a server may have thousands. */
      byId: ReadonlyMap<number, OAuthCredential>;
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

/** The per-server state with de-duplicated loads: a second refresh joins the one under way. */
export class ExplorerState {
  private readonly entries = new Map<string, ServerEntry>();
  private readonly loads = new Map<string, Promise<void>>();

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
      if (entry && entry.status.kind !== 'loading') entry.status = { kind: 'idle' };
    }
  }

  /** Loads a server unless it is loaded; resolves when its status is final. Never rejects. */
  ensureLoaded(serverId: string, onChange: () => void): Promise<void> {
    const entry = this.entries.get(serverId);
    if (!entry || entry.status.kind === 'loaded' || entry.status.kind === 'failed') return Promise.resolve();
    const running = this.loads.get(serverId);
    if (running) return running;
    entry.status = { kind: 'loading', since: Date.now() };
    // Re-rendered now so the server shows its loading icon; the next read joins this load.
    queueMicrotask(onChange);
    const promise = this.load(entry.profile).then(
      (result) => {
        const byId = new Map(result.credentials.map((credential) => [credential.credentialId, credential]));
        entry.status = { kind: 'loaded', ...result, byId, at: Date.now() };
      },
      (error: unknown) => {
        const { message, hint, kind } = describeFailure(error);
        entry.status = { kind: 'failed', message, hint, errorKind: kind, at: Date.now() };
      },
    );
    const settled = promise.finally(() => {
      this.loads.delete(serverId);
      onChange();
    });
    this.loads.set(serverId, settled);
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
  }
}
