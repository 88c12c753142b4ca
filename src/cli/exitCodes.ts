// The exit codes of `whmcs-oauth`, as --help documents them.
export const EXIT = { ok: 0, failed: 1, usage: 2, notAsSent: 3, secretNotStored: 4, resetUnknown: 5 } as const;
