// Finding the secrets the sandbox made up (its canaries, listed in WHMCS_OAUTH_CANARY_FILE during
// `npm test`) in text and files. Linear in the text: every run of secret-like characters is cut
// into windows of each canary length and looked up, so thousands of canaries cost no more than one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs of the characters the sandbox's secrets are made of (base64, base64url, hex). */
const RUN = /[A-Za-z0-9+/=_-]{12,}/g;

export class Canaries {
  private readonly lengths: number[];

  constructor(readonly secrets: ReadonlySet<string>) {
    // A secret of another shape would never be found: the search would pass without looking.
    for (const secret of secrets) {
      if (!/^[A-Za-z0-9+/=_-]{12,}$/.test(secret)) throw new Error('a canary must be 12 or more characters of A-Z a-z 0-9 + / = _ -');
    }
    this.lengths = [...new Set([...secrets].map((secret) => secret.length))];
  }

  /** The canaries listed so far in this run; undefined outside `npm test`. */
  static fromEnvironment(file = process.env['WHMCS_OAUTH_CANARY_FILE']): Canaries | undefined {
    if (!file || !existsSync(file)) return undefined;
    return new Canaries(new Set(readFileSync(file, 'utf8').split('\n').filter((line) => line.length >= 12)));
  }

  foundIn(text: string): boolean {
    for (const match of text.matchAll(RUN)) {
      const run = match[0];
      for (const length of this.lengths) {
        for (let start = 0; start + length <= run.length; start++) {
          if (this.secrets.has(run.slice(start, start + length))) return true;
        }
      }
    }
    return false;
  }

  /** The files (read as bytes, so databases too) that hold a canary. */
  filesContaining(paths: readonly string[]): string[] {
    return paths.filter((path) => this.foundIn(readIfPresent(path)));
  }
}

/** Every file under `dir` (none when it does not exist). */
export function filesUnder(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A running program may delete a file (a lock, a temporary) between listing and reading. */
function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
