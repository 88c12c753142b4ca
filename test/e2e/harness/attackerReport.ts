// Reading the hostile extension's report (test/e2e/attacker/extension.js): waiting for it, and
// finding in it the hash of any secret the sandbox holds, named by the attempt that got it.
import { createHash } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface AttackerReport {
  target: { found: boolean; activated: boolean; exportsType: string; commands?: string[] };
  exportFunctions: string[];
  exportGetterErrors: { path: string; error: string }[];
  calls: { path: string; outcome: string; value?: unknown; error?: string }[];
  commands: { phase: string; command: string; args: string; settledAtOnce: boolean; outcome: string; value?: unknown; error?: string }[];
  promptCaptures: { what: string; secret: string }[];
  attackerServerRequests: { action: string | null; identifier: string | null; secret: string | null }[];
  clipboard: { step: string; value: string }[];
  failures: string[];
  finished: boolean;
}

export const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** Resolves once `path` exists (the attacker renames its finished report into place). */
export function waitForFile(path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), (_event, name) => {
      if (name === basename(path) && existsSync(path)) finish();
    });
    const timer = setTimeout(() => finish(new Error(`no ${basename(path)} within ${timeoutMs} ms`)), timeoutMs);
    function finish(error?: Error): void {
      watcher.close();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    if (existsSync(path)) finish(); // written before the watch began
  });
}

/** Names the report's entry at `index` of `list` for a failure message (never a value). */
function describe(report: AttackerReport, list: string, index: number): string {
  switch (list) {
    case 'calls':
      return `the call ${report.calls[index]?.path}`;
    case 'commands': {
      const entry = report.commands[index];
      return `the command ${entry?.command} with ${entry?.args} (${entry?.phase})`;
    }
    case 'clipboard':
      return `the clipboard (${report.clipboard[index]?.step})`;
    case 'promptCaptures':
      return 'a prompt the attacker replaced';
    case 'attackerServerRequests':
      return `a request to the attacker's server (${report.attackerServerRequests[index]?.action})`;
    default:
      return list;
  }
}

/** Every place in the report that holds the hash of one of `secrets` (label -> secret). */
export function secretSightings(report: AttackerReport, secrets: ReadonlyMap<string, string>): string[] {
  const byHash = new Map([...secrets].map(([label, secret]) => [sha256(secret), label]));
  const sightings: string[] = [];
  for (const [list, entries] of Object.entries(report)) {
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      // The clipboard keeps its text from step to step: only the step that put a secret there counts.
      if (list === 'clipboard' && report.clipboard[index - 1]?.value === report.clipboard[index]?.value) return;
      for (const hash of JSON.stringify(entry).match(/sha256:[0-9a-f]{64}/g) ?? []) {
        const label = byHash.get(hash);
        if (label) sightings.push(`${describe(report, list, index)} got ${label} (${hash.slice(0, 19)}…)`);
      }
    });
  }
  return [...new Set(sightings)];
}
