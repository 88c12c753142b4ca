// Waiting for a process this one did not start (so it gets no exit event) to end: it is gone
// from /proc, or a zombie there (dead, its sockets closed, not yet reaped by its parent).
import { readFileSync } from 'node:fs';

function hasEnded(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true;
  }
}

/** Resolves once process `pid` has ended; rejects after `seconds` (a step fails, never hangs). */
export async function processEnded(pid: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!hasEnded(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
