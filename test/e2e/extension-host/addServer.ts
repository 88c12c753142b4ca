// Adds a sandbox that runs in the extension host as a server, through the testing API's Add
// Server (the same steps as the command, with the answers given), so that its API secret goes
// where the extension keeps secrets.
import * as assert from 'node:assert/strict';
import type { Sandbox } from '../../../sandbox/index';
import type { WhmcsOAuthApi } from '../../../src/extension';

export async function addSandboxServer(api: WhmcsOAuthApi, box: Sandbox, label: string, extra: { caFile?: string } = {}): Promise<void> {
  const profile = await api.addServer({
    label,
    url: box.url,
    auth: 'apiCredential',
    identifier: box.apiCredential.identifier,
    secret: box.apiCredential.secret,
    ...extra,
  });
  assert.ok(profile, 'addServer returned nothing');
}
