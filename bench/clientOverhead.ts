// The project's client against a hand-written undici request on a reused connection, same
// sandbox, interleaved in rounds: ListOAuthCredentials (25 credentials) and UpdateOAuthCredential.
import { Client } from 'undici';
import { startSandboxProcess } from './sandboxProcess';
import { WhmcsClient } from '../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../src/core/whmcs/oauthCredentials';
import { median } from './stats';

export interface OverheadResult {
  listOverheadRatio: number;
  updateOverheadRatio: number;
  socketsPerServer: number;
  listMsPerCall: { client: number; plain: number };
  updateMsPerCall: { client: number; plain: number };
}

export async function measureClientOverhead(calls = 2_000, rounds = 10): Promise<OverheadResult> {
  const box = await startSandboxProcess(['--seed', '25']);
  const api = new OAuthCredentialsApi(new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential } }));
  const endpoint = new URL(box.apiUrl);
  // Sockets the sandbox accepts from here on, less the baseline's and the second stats call's.
  const socketsBefore = await box.connections();
  const plain = new Client(endpoint.origin);
  let plainSockets = 0;
  plain.on('connect', () => plainSockets++);
  const auth = `identifier=${encodeURIComponent(box.apiCredential.identifier)}&secret=${encodeURIComponent(box.apiCredential.secret)}`;
  const plainCall = async (body: string) => {
    const response = await plain.request({
      path: endpoint.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${body}&responsetype=json&${auth}`,
    });
    const answer = JSON.parse(await response.body.text()) as { result: string };
    if (answer.result !== 'success') throw new Error('plain call failed');
    return answer;
  };
  try {
    const [target] = await api.list();
    if (!target) throw new Error('no credential to update');
    let current = target;
    const perRound = Math.max(1, Math.floor(calls / rounds));
    const list = { client: [] as number[], plain: [] as number[] };
    const update = { client: [] as number[], plain: [] as number[] };
    await plainCall('action=ListOAuthCredentials');
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so warm-up and drift hit both equally.
      const order = r % 2 === 0 ? (['client', 'plain'] as const) : (['plain', 'client'] as const);
      for (const side of order) {
        const started = performance.now();
        for (let i = 0; i < perRound; i++) {
          if (side === 'client') await api.list();
          else await plainCall('action=ListOAuthCredentials');
        }
        list[side].push((performance.now() - started) / perRound);
      }
      for (const side of order) {
        const started = performance.now();
        for (let i = 0; i < perRound; i++) {
          const description = `bench ${r} ${i} ${side}`;
          if (side === 'client') {
            await api.update(current, { description });
            current = { ...current, description };
          } else {
            await plainCall(`action=UpdateOAuthCredential&credentialId=${target.credentialId}&description=${encodeURIComponent(description)}`);
          }
        }
        update[side].push((performance.now() - started) / perRound);
      }
    }
    const ratio = (side: { client: number[]; plain: number[] }) => median(side.client.map((c, i) => c / (side.plain[i] ?? NaN)));
    return {
      listOverheadRatio: ratio(list),
      updateOverheadRatio: ratio(update),
      // Sockets the sandbox accepted, less the baseline's own.
      socketsPerServer: (await box.connections()) - socketsBefore - plainSockets - 1,
      listMsPerCall: { client: median(list.client), plain: median(list.plain) },
      updateMsPerCall: { client: median(update.client), plain: median(update.plain) },
    };
  } finally {
    await api.client.close();
    await plain.close();
    await box.close();
  }
}
