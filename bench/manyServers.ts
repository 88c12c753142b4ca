// Refreshing 8 servers whose sandbox answers after 200 ms each, through the explorer's state
// (which loads servers in parallel), against refreshing one of them.
import { createSandbox, type Sandbox } from '../sandbox/index';
import { ExplorerState } from '../src/app/explorerState';
import type { ServerProfile } from '../src/app/serverProfile';
import { WhmcsClient } from '../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../src/core/whmcs/oauthCredentials';
import { median, timeIt } from './stats';

export interface ManyServersResult {
  manyServersRatio: number;
  manyServersMs: { eight: number; one: number };
}

export async function measureManyServers(servers = 8, latencyMs = 200, rounds = 5): Promise<ManyServersResult> {
  const boxes: Sandbox[] = await Promise.all(Array.from({ length: servers }, () => createSandbox({ latencyMs })));
  const apis = new Map(
    boxes.map((box, i) => [`s${i}`, new OAuthCredentialsApi(new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential } }))]),
  );
  const profiles: ServerProfile[] = boxes.map((box, i) => ({ id: `s${i}`, label: `s${i}`, url: box.url, auth: 'apiCredential', identifier: 'x' }));
  const state = new ExplorerState(async (profile) => ({
    credentials: await (apis.get(profile.id) as OAuthCredentialsApi).list(),
    heldSecrets: new Map<string, string>(),
  }));
  const refresh = async (selected: ServerProfile[]) => {
    state.setProfiles(selected);
    state.invalidate();
    await Promise.all(selected.map((p) => state.ensureLoaded(p.id)));
    for (const p of selected) if (state.server(p.id)?.status.kind !== 'loaded') throw new Error(`${p.id} did not load`);
  };
  try {
    await refresh(profiles);
    const eight: number[] = [];
    const one: number[] = [];
    for (let r = 0; r < rounds; r++) {
      eight.push(await timeIt(() => refresh(profiles)));
      one.push(await timeIt(() => refresh(profiles.slice(0, 1))));
    }
    return { manyServersRatio: median(eight) / median(one), manyServersMs: { eight: median(eight), one: median(one) } };
  } finally {
    await Promise.all([...apis.values()].map((api) => api.client.close()));
    await Promise.all(boxes.map((box) => box.close()));
  }
}
