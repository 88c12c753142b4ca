// Where secrets must not be: the folders a workbench writes (code-server's user data, the
// browser profile), searched after a run.
import { Canaries, filesUnder } from '../../support/canaryScan';

/** Files under `dir` that hold any of `secrets` (none are printed, only paths). */
export function filesContaining(dir: string, secrets: readonly string[]): string[] {
  return new Canaries(new Set(secrets)).filesContaining(filesUnder(dir));
}

/**
 * During `npm test`: the files that hold a secret any sandbox of the run made up, in the folders
 * a workbench writes: code-server's user data (settings, every log including the extension's
 * output channel) and the browser profile (global, workspace and webview state). Every workbench
 * the harness starts is checked before its folders are deleted.
 */
export function workbenchLeaks(dirs: readonly string[]): string[] {
  return Canaries.fromEnvironment()?.filesContaining(dirs.flatMap(filesUnder)) ?? [];
}

export function assertNoWorkbenchLeaks(dirs: readonly string[]): void {
  const leaks = workbenchLeaks(dirs);
  if (leaks.length > 0) throw new Error(`a secret made up by the sandbox was written where VS Code keeps its data: ${leaks.join(', ')}`);
}
