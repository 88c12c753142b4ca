// Under `npm run mutation` (StrykerJS's TAP runner, stryker.config.json) each test file runs with
// Stryker's hook, and the mutant to switch on is named in its environment. A CLI the test starts
// as a process runs the bundle built from the same mutated sources: it must switch on the same
// mutant (even when the test hands it a bare environment), and what it executed must count as
// covered by the test file, or Stryker would report the CLI's mutants as covered by no test.
// Outside a mutation run none of this applies and the process starts exactly as asked.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Coverage = Record<string, number>;
interface StrykerNamespace {
  mutantCoverage?: { static: Coverage; perTest: Record<string, Coverage> };
}

const hookAt = process.execArgv.findIndex((arg, index) => index > 0 && process.execArgv[index - 1] === '-r' && /stryker-mutator[\\/]tap-runner[\\/].*hook\.cjs$/.test(arg));
const hook = hookAt < 0 ? undefined : process.execArgv[hookAt];
const namespace = process.env['STRYKER_NAMESPACE'];
const STRYKER_VARIABLES = ['STRYKER_NAMESPACE', 'STRYKER_DRY_RUN', '__STRYKER_ACTIVE_MUTANT__'];

/** The arguments and environment a Node child gets, with Stryker's hook and mutant when in a mutation run. */
export function mutationChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): { args: readonly string[]; env: NodeJS.ProcessEnv } {
  if (!hook || command !== process.execPath) return { args, env };
  const stryker = Object.fromEntries(STRYKER_VARIABLES.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  return { args: ['-r', hook, ...args], env: { ...env, ...stryker } };
}

/** After the child ended: adds what it covered to this test file's coverage and removes its report. */
export function collectChildCoverage(command: string, pid: number | undefined, cwd: string): void {
  if (!hook || !namespace || command !== process.execPath || pid === undefined) return;
  const report = join(cwd, `stryker-output-${pid}.json`);
  let child: StrykerNamespace;
  try {
    child = JSON.parse(readFileSync(report, 'utf8')) as StrykerNamespace;
  } catch {
    return; // killed before its exit handler ran: nothing to add
  }
  rmSync(report, { force: true });
  if (!child.mutantCoverage) return;
  const own = (globalThis as Record<string, unknown>)[namespace] as StrykerNamespace;
  const covered = (own.mutantCoverage ??= { static: {}, perTest: {} }).static;
  for (const counts of [child.mutantCoverage.static, ...Object.values(child.mutantCoverage.perTest)]) {
    for (const [id, count] of Object.entries(counts)) covered[id] = (covered[id] ?? 0) + count;
  }
}
