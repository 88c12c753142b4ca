// Where secrets must not be: files a test can search after a run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Canaries, filesUnder } from '../../support/canaryScan';

/** Files under `dir` whose bytes contain any of `needles` (none are printed, only paths). */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    if (needles.some((needle) => bytes.includes(needle))) found.push(path);
  }
  return found;
}

/**
 * During `npm test`: the files of VS Code's user data folder (settings, global and workspace
 * state, webview state, every log including the extension's output channel) that hold a secret
 * any sandbox of the run made up. Every workbench the harness starts is checked before it stops.
 */
export function userDataLeaks(userDataDir: string): string[] {
  return Canaries.fromEnvironment()?.filesContaining(filesUnder(userDataDir)) ?? [];
}
