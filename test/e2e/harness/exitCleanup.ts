// Last-resort cleanup for when this process ends before the harness's own stop()/close() ran: a
// test interrupted with Ctrl-C, a runner's SIGTERM, process.exit() on an uncaught error. Tasks are
// synchronous and idempotent (they may run on a signal and again on exit); owners unregister them
// once they have cleaned up themselves.
type Task = () => void;

const tasks = new Set<Task>();
let installed = false;

function runAll(): void {
  for (const task of [...tasks]) {
    try {
      task();
    } catch {
      // best effort: the other tasks still run
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      // With no other listener (node:test and Playwright add their own), die as the signal says.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Runs `task` if this process exits or is interrupted; call the result to unregister it. */
export function atExit(task: Task): () => void {
  install();
  tasks.add(task);
  return () => void tasks.delete(task);
}

/** Blocks this thread; only for exit paths, where no event loop is left to wait with. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
