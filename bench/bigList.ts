// One ListOAuthCredentials answer with 10,000 credentials: decoding, normalising and building
// the tree's items (labels and descriptions; details and tooltips are built on demand), against
// a bare JSON.parse of the same bytes.
import { request } from 'undici';
import { createSandbox } from '../sandbox/index';
import { decodeAnswer } from '../src/core/whmcs/decode';
import { normaliseClients } from '../src/core/whmcs/normalise';
import { credentialLabel, grantTypeLabel } from '../src/features/explorer/treeModel';
import { median } from './stats';

export interface BigListResult {
  bigListRatio: number;
  bigListMs: { client: number; jsonParse: number };
  bigListBytes: number;
}

export async function measureBigList(count = 10_000, rounds = 9): Promise<BigListResult> {
  const box = await createSandbox({ seed: count });
  let body: string;
  try {
    const response = await request(box.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `action=ListOAuthCredentials&responsetype=json&identifier=${encodeURIComponent(box.apiCredential.identifier)}&secret=${encodeURIComponent(box.apiCredential.secret)}`,
    });
    body = await response.body.text();
  } finally {
    await box.close();
  }
  const client: number[] = [];
  const bare: number[] = [];
  let sink = 0;
  // Collect garbage before each timing (when run with --expose-gc): otherwise a pause left over
  // from one side lands in the other's time.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  for (let r = 0; r < rounds; r++) {
    gc();
    let started = performance.now();
    const answer = decodeAnswer(200, body, 'listoauthcredentials');
    const credentials = normaliseClients(answer);
    for (const credential of credentials) sink += credentialLabel(credential).length + grantTypeLabel(credential.grantType).length;
    client.push(performance.now() - started);
    gc();
    started = performance.now();
    const parsed = JSON.parse(body) as { clients: unknown[] };
    sink += parsed.clients.length;
    bare.push(performance.now() - started);
  }
  if (sink === 0) throw new Error('nothing was built');
  return {
    bigListRatio: median(client.map((c, i) => c / (bare[i] ?? NaN))),
    bigListMs: { client: median(client), jsonParse: median(bare) },
    bigListBytes: Buffer.byteLength(body),
  };
}
