// After the test run: none of the secrets the sandbox made up (listed in the canary file) may
// appear in the run's output or in the text files under test-artifacts/. Exits 1 naming where.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [canaryFile, outputFile, artifacts] = process.argv.slice(2);
const secrets = new Set(readFileSync(canaryFile, 'utf8').split('\n').filter((line) => line.length >= 12));
const lengths = [...new Set([...secrets].map((secret) => secret.length))];
/** Runs of secret-like characters; every window of a secret's length is looked up. */
const RUN = /[A-Za-z0-9+/=_-]{12,}/g;

function leaksIn(text) {
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    for (const length of lengths) {
      for (let start = 0; start + length <= run.length; start++) {
        if (secrets.has(run.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

function textFiles(dir) {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.(png|jpe?g|vsix|db|vscdb)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const places = [outputFile, ...textFiles(artifacts)].filter((file) => leaksIn(readFileSync(file, 'latin1')));
if (places.length > 0) {
  console.error(`check-canaries: a secret made up by the sandbox appears in: ${places.join(', ')}`);
  process.exit(1);
}
// Silent on success: the test runner's summary stays the last lines of the run.
