// After the test run: none of the secrets the sandbox made up (listed in the canary file) may
// appear in the run's output or in the text files under test-artifacts/. Exits 1 naming where.
import { Canaries, filesUnder } from '../test/support/canaryScan';

const [canaryFile, outputFile, artifacts] = process.argv.slice(2);
const canaries = Canaries.fromEnvironment(canaryFile);
if (!canaries || !outputFile) {
  console.error('usage: check-canaries <canary file> <output file> [artifacts dir]');
  process.exit(2);
}
const textArtifacts = filesUnder(artifacts).filter((path) => !/\.(png|jpe?g|vsix|db|vscdb)$/i.test(path));
const places = canaries.filesContaining([outputFile, ...textArtifacts]);
if (places.length > 0) {
  console.error(`check-canaries: a secret made up by the sandbox appears in: ${places.join(', ')}`);
  process.exit(1);
}
// Silent on success: the test runner's summary stays the last lines of the run.
