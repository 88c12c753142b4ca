// Runs inside the real extension host for `npm run bench`: the heap held for a server with
// 10,000 credentials. What it includes: the explorer state's load of the server (credentials,
// their index by ID, where reset secrets are held), the tree provider's node for every row it
// shows, and a TreeItem for each held alive, as VS Code's host converts and keeps one per row it
// is given (the first page of 500 and the "Show more" row). What it leaves out: the workbench's
// own copy of the rows (another process) and anything collected once the load is over (the
// answer's text and parsed JSON).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../src/extension';
import { CREDENTIALS_PER_PAGE } from '../src/features/explorer/credentialsTree';

/** A full collection, enabled at run time (the host is not started with --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Several rounds: weak references and finalisers free more on a second pass.
  return () => {
    for (let i = 0; i < 3; i++) gc();
  };
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  if (!extension) throw new Error('extension missing');
  const api = await extension.activate();
  const servers = await api.tree.getChildren();
  const warm = servers.find((node) => node.serverId === 'warm');
  const server = servers.find((node) => node.serverId === 'big');
  if (warm?.type !== 'server' || server?.type !== 'server') throw new Error('the servers "warm" and "big" are not configured');
  const collect = collector();
  // The core bundle and the keychain module load on first use: a small server loads them before
  // the first reading, so that the difference is the big server's data, not code.
  await api.tree.getChildren(warm);
  collect();
  const before = process.memoryUsage().heapUsed;
  const rows = await api.tree.getChildren(server);
  const items = rows.map((row) => api.tree.getTreeItem(row));
  if (rows.length !== CREDENTIALS_PER_PAGE + 1 || rows.at(-1)?.type !== 'more') throw new Error(`the server listed ${rows.length} rows, not a page and "Show more"`);
  collect();
  const held = process.memoryUsage().heapUsed - before;
  // Kept alive until the reading above: VS Code holds its converted rows as long as they show.
  const itemCount = items.length;
  console.log(`bench-heap ${JSON.stringify({ bigListHeapMB: held / 2 ** 20, rows: itemCount })}`);
}
