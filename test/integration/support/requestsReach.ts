// Waiting for a request to be on the sandbox (it runs in this process): for a test that must act
// while a request is in flight, not some time after sending it.
import type { Sandbox } from '../../../sandbox/index';

/** Resolves once the sandbox has taken `count` API requests; fails after 10 s instead of hanging. */
export async function requestsReach(box: Sandbox, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (box.stats().requests < count) {
    if (Date.now() > deadline) throw new Error(`the sandbox took ${box.stats().requests} requests, not ${count}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
