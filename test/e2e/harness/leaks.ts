// Where secrets must not be: VS Code's user data folder, searched after a run.
import { Canaries, filesUnder } from '../../support/canaryScan';

/** Files under `dir` that hold any of `secrets` (none are printed, only paths). */
export function filesContaining(dir: string, secrets: readonly string[]): string[] {
  return new Canaries(new Set(secrets)).filesContaining(filesUnder(dir));
}

/**
 * During `npm test`: the files of VS Code's user data folder (settings, global and workspace
 * state, webview state, every log including the extension's output channel) that hold a secret
 * any sandbox of the run made up. Every workbench the harness starts is checked before it stops.
 */
export function userDataLeaks(userDataDir: string): string[] {
  return Canaries.fromEnvironment()?.filesContaining(filesUnder(userDataDir)) ?? [];
}
