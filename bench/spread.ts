// `node --import tsx bench/spread.ts run1.json run2.json …`: the figures of several
// `npm run bench -- --json` runs, each as its median and its range (min–max), for the README.
import { readFileSync } from 'node:fs';
import { median } from './stats';

const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
if (runs.length === 0) {
  console.error('usage: bench/spread.ts <run.json>…');
  process.exit(2);
}
const names = [...new Set(runs.flatMap((run) => Object.keys(run)))].filter((name) => runs.some((run) => typeof run[name] === 'number'));
for (const name of names) {
  const values = runs.map((run) => run[name]).filter((value): value is number => typeof value === 'number');
  console.log(`${name}\t${median(values)}\t${Math.min(...values)}–${Math.max(...values)}\t(${values.length} runs: ${values.join(', ')})`);
}
