// Where secrets must not be: files a test can search after a run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
