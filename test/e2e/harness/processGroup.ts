// Runs a server in its own process group and ends the whole group: code-server leaves children
// behind for seconds after its own PID dies, so killing one PID is not enough.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { atExit, sleepSync } from './exitCleanup';

export interface ProcessGroup {
  readonly pid: number;
  /** Settles when the command exits (with its exit code, or null when it could not start). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`, resolves once no live member is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnGroupOptions {
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended to this file, so the child never blocks on a full pipe. */
  logFile: string;
  cwd?: string;
  /** Removed by the watchdog if this process dies without stopping the group. */
  tempDir?: string;
}

// The group leader: runs the command and, if this Node process disappears without stopping it
// (SIGKILL, a crashed runner: nothing an exit hook can catch), kills the group and, once it is
// gone (or after 10 s), removes its temporary folder, from a new session (setsid -f sets it up
// before the kill can reach it). The TERM trap keeps the loop alive during stop() so the command
// decides when it is done; a caught signal, unlike an ignored one, is not inherited by the command.
const watchdog = `
parent=$1 tempdir=$2; shift 2
trap 'true' TERM
"$@" &
child=$!
while kill -0 "$child" 2>/dev/null; do
  kill -0 "$parent" 2>/dev/null ||
    exec setsid -f sh -c 'kill -KILL "-$0"; i=0; while kill -0 "-$0" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -z "$1" ] || rm -rf "$1"' "$$" "$tempdir"
  sleep 0.5
done
wait "$child"`;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** SIGKILLs a process group and blocks until it is gone (at most 2 s): for exit paths. */
export function killGroupNow(pgid: number): void {
  killGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 40 && liveMembers(pgid).length > 0; i++) sleepSync(50);
}

function groupOf(stat: string): number {
  // Fields after the parenthesised command name: state ppid pgrp ...
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/**
 * Process groups of the processes whose command line contains `text` (e.g. a unique path),
 * never this process's own group.
 */
export function groupsOfProcessesWith(text: string): number[] {
  const own = groupOf(readFileSync('/proc/self/stat', 'utf8'));
  const groups = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) continue;
      const pgid = groupOf(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (pgid > 1 && pgid !== own) groups.add(pgid);
    } catch {
      // exited while listing
    }
  }
  return [...groups];
}

/** Members of a process group that are not zombies (zombies are harmless and cannot be killed). */
export function liveMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while listing
    }
    if (groupOf(stat) === pgid && stat[stat.lastIndexOf(')') + 2] !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (liveMembers(pgid).length > 0) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): ProcessGroup {
  const log = openSync(options.logFile, 'a');
  const child = (() => {
    try {
      // detached: setsid() in the child, so its PID is the group id of everything it starts.
      const watchdogArgs = [String(process.pid), options.tempDir ?? '', command, ...args];
      return spawn('/bin/sh', ['-c', watchdog, 'watchdog', ...watchdogArgs], {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log);
    }
  })();
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);

  const unregister = atExit(() => killGroupNow(pid));

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 3000): Promise<void> =>
    (stopping ??= (async () => {
      killGroup(pid, 'SIGTERM');
      if (!(await waitGone(pid, graceMs))) {
        killGroup(pid, 'SIGKILL');
        if (!(await waitGone(pid, 10_000))) {
          throw new Error(`process group ${pid} survived SIGKILL: ${liveMembers(pid).join(' ')}`);
        }
      }
      await exited; // the leader is dead (no live member is left): Node reaps it
      unregister();
    })());

  return { pid, exited, stop };
}
