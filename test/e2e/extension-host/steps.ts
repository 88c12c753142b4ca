// A minimal sequential test runner for modules that run inside the extension host: each step is
// logged (the log reaches the test process), the first failure stops the run and fails run().
export type Step = [name: string, body: () => Promise<void>];

export async function steps(suite: string, list: readonly Step[]): Promise<void> {
  let passed = 0;
  for (const [name, body] of list) {
    const started = Date.now();
    try {
      await body();
      passed++;
      console.log(`${suite}: ok - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      console.error(`${suite}: FAILED - ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new Error(`${suite}: ${passed} passed, 1 failed (${name})`);
    }
  }
  console.log(`${suite}: ${passed} passed, 0 failed`);
}

/** Rejects with `what` when `promise` has not settled within `seconds`: a step fails, never hangs. */
export function withinSeconds<T>(promise: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${seconds} s`)), seconds * 1000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
