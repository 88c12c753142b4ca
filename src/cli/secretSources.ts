// Where the CLI takes each secret from, and how it reads it. A value on the command line is visible
// to every user in the process list and stays in shell history, so files and standard input are
// offered instead; a secret is read only when the command is about to use it.
import { open } from 'node:fs/promises';
import { UsageError } from './usageError';

export interface SecretInput {
  /** How messages name the secret. */
  what: string;
  flag: string;
  fileFlag: string;
  env: string;
  envFile: string;
}

export const SECRET_INPUTS = {
  secret: { what: 'API secret', flag: '--secret', fileFlag: '--secret-file', env: 'WHMCS_API_SECRET', envFile: 'WHMCS_API_SECRET_FILE' },
  password: { what: 'admin password', flag: '--password', fileFlag: '--password-file', env: 'WHMCS_PASSWORD', envFile: 'WHMCS_PASSWORD_FILE' },
  accessKey: { what: 'API access key', flag: '--access-key', fileFlag: '--access-key-file', env: 'WHMCS_ACCESS_KEY', envFile: 'WHMCS_ACCESS_KEY_FILE' },
} as const satisfies Record<string, SecretInput>;

/** `-` as a file name: standard input. */
export const STDIN = '-';

export type SecretSource =
  | { kind: 'argv'; input: SecretInput; value: string }
  | { kind: 'env'; input: SecretInput; value: string }
  | { kind: 'file'; input: SecretInput; path: string; origin: string };

/**
 * The source that wins: flag value > file flag > environment value > environment file (then the
 * keychain, when this returns undefined). A flag and its -file twin together are a mistake.
 */
export function chooseSecretSource(
  input: SecretInput,
  flagValue: string | undefined,
  flagFile: string | undefined,
  env: NodeJS.ProcessEnv,
): SecretSource | undefined {
  if (flagValue !== undefined && flagFile !== undefined) {
    throw new UsageError(`${input.flag} and ${input.fileFlag} exclude each other: give the ${input.what} once`);
  }
  if (flagValue !== undefined) return { kind: 'argv', input, value: flagValue };
  if (flagFile !== undefined) return { kind: 'file', input, path: flagFile, origin: input.fileFlag };
  const envValue = env[input.env];
  if (envValue) return { kind: 'env', input, value: envValue };
  const envFile = env[input.envFile];
  if (envFile) return { kind: 'file', input, path: envFile, origin: input.envFile };
  return undefined;
}

/** Standard input can be read once, so only one secret may come from it. */
export function checkOneStdinReader(sources: ReadonlyArray<SecretSource | undefined>): void {
  const readers = sources.filter((s) => s?.kind === 'file' && s.path === STDIN) as Array<Extract<SecretSource, { kind: 'file' }>>;
  if (readers.length > 1) {
    throw new UsageError(`only one secret can come from standard input, not ${readers.map((r) => `${r.origin} -`).join(' and ')}`);
  }
}

/** The warning for a secret typed on the command line; never contains the value. */
export function argvWarning(source: SecretSource | undefined): string | undefined {
  if (source?.kind !== 'argv') return undefined;
  const { input } = source;
  return (
    `WARNING: ${input.flag} puts the ${input.what} where other users can see it (the process list) and keeps it in your shell history; ` +
    `prefer the keychain entry the extension stores, ${input.env}, or ${input.fileFlag} PATH (${STDIN} for standard input).`
  );
}

export interface SecretReadIo {
  readStdin: () => Promise<string>;
  warn: (line: string) => void;
  platform: NodeJS.Platform;
}

/** The secret's value; a UsageError names the file (never its content) when it is unusable. */
export async function readSecret(source: SecretSource, io: SecretReadIo): Promise<string> {
  if (source.kind !== 'file') return source.value;
  const { input, path, origin } = source;
  const where = path === STDIN ? `standard input (${origin} -)` : `the ${input.what} file ${path} (${origin})`;
  const raw = path === STDIN ? await io.readStdin() : await readFileChecked(path, input, io);
  const value = withoutOneTrailingNewline(raw);
  if (value === '') throw new UsageError(`${where} is empty: it must hold the ${input.what}`);
  return value;
}

async function readFileChecked(path: string, input: SecretInput, io: SecretReadIo): Promise<string> {
  let handle;
  let content: string;
  let mode: number;
  try {
    handle = await open(path, 'r');
    // The mode of the file actually read, so a file swapped in between cannot slip past the check.
    mode = (await handle.stat()).mode;
    content = await handle.readFile('utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${input.what} file ${path}: ${osReason(error)}`);
  } finally {
    await handle?.close();
  }
  // Warned, not refused: Kubernetes mounts secrets 0644 by default.
  if (io.platform !== 'win32' && (mode & 0o077) !== 0) {
    io.warn(
      `WARNING: the ${input.what} file ${path} can be accessed by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${shellQuote(path)}`,
    );
  }
  return content;
}

/** Files written by editors and `echo` end with a newline that is not part of the secret. */
export function withoutOneTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** "no such file or directory (ENOENT)" from Node's "ENOENT: no such file or directory, open '…'". */
function osReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = /^[A-Z]+: ([^,]+)/.exec(message ?? '')?.[1];
  if (reason && code) return `${reason} (${code})`;
  return code ?? String(message ?? error);
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
