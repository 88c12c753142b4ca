/** A mistake in how the CLI was called: one line saying what is wrong, exit code 2. */
export class UsageError extends Error {}
