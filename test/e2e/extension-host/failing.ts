// Proves the harness reports failure: this module's run() rejects inside the extension host.
export async function run(): Promise<void> {
  throw new Error('deliberate failure from the e2e harness self-test');
}
