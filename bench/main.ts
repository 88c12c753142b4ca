// `npm run bench`: what users feel, measured side by side in one run on the sandbox over
// loopback (medians of several rounds; ratios rather than absolute times on a noisy machine).
// `npm run bench -- --json` prints the same figures as one JSON object.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { measureBigList } from './bigList';
import { measureClientOverhead } from './clientOverhead';
import { measureBigListHeap } from './hostHeap';
import { measureHostTimings } from './hostTimings';
import { measureManyServers } from './manyServers';
import { measureUiTimings } from './uiTimings';
import { measurePlainNodeActivation, measureSizes } from './sizes';
import { round } from './stats';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const log = (line: string) => {
    if (!json) process.stderr.write(`${line}\n`);
  };
  log('building the production bundles and the VSIX…');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: resolve(__dirname, '..'), stdio: 'ignore' });

  log('client overhead (list and update, interleaved)…');
  const overhead = await measureClientOverhead(quick ? 400 : 2_000);
  log('big list (10,000 credentials)…');
  const big = await measureBigList(10_000, quick ? 3 : 9);
  log('many servers (8 × 200 ms)…');
  const many = await measureManyServers(8, 200, quick ? 2 : 5);
  log('activation in plain Node…');
  const plain = measurePlainNodeActivation(quick ? 5 : 15);
  const sizes = measureSizes();
  log('activation and form in the real extension host…');
  const host = await measureHostTimings(quick ? 1 : 3);
  log('heap held for the big list in the real extension host…');
  const heap = await measureBigListHeap(10_000);
  // What a person waits for in the workbench itself (first view cold and warm, the big list's
  // rows and filter, the form's save), timed inside the page. `--no-ui` leaves them out.
  const ui = process.argv.includes('--no-ui') ? undefined : (log('first view, big list and form save in the workbench…'), await measureUiTimings(quick ? 1 : 3));

  const figures = {
    listOverheadRatio: round(overhead.listOverheadRatio, 3),
    updateOverheadRatio: round(overhead.updateOverheadRatio, 3),
    socketsPerServer: overhead.socketsPerServer,
    bigListRatio: round(big.bigListRatio, 2),
    // The state's load of the server, the tree's node and a TreeItem per row (bench/hostHeapModule.ts).
    bigListHeapMB: round(heap.bigListHeapMB, 1),
    manyServersRatio: round(many.manyServersRatio, 2),
    activationMs: round(host.activationMs, 1),
    mainBundleBytes: sizes.mainBundleBytes,
    vsixBytes: sizes.vsixBytes,
    formOpenMs: round(host.formOpenMs, 0),
    formOpenRatio: round(host.formOpenMs / host.emptyWebviewOpenMs, 2),
    ...(ui
      ? {
          firstViewColdMs: round(ui.firstViewColdMs, 0),
          firstViewWarmMs: round(ui.firstViewWarmMs, 0),
          bigListFirstRowsMs: round(ui.bigListFirstRowsMs, 0),
          bigListFilterMs: round(ui.bigListFilterMs, 0),
          formSaveMs: round(ui.formSaveMs, 0),
          formSaveRatio: round(ui.formSaveMs / ui.bareSaveCallsMs, 1),
        }
      : {}),
  };
  const details = {
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    listMsPerCall: overhead.listMsPerCall,
    updateMsPerCall: overhead.updateMsPerCall,
    bigListMs: big.bigListMs,
    bigListBytes: big.bigListBytes,
    manyServersMs: many.manyServersMs,
    activationPlainNodeMs: round(plain.activationPlainNodeMs, 1),
    lazyModulesLoadedAtActivation: plain.lazyModulesLoadedAtActivation,
    coreBundleBytes: sizes.coreBundleBytes,
    emptyWebviewOpenMs: round(host.emptyWebviewOpenMs, 0),
    bundleEvaluationMs: round(host.evaluationMs, 1),
    activateFunctionMs: round(host.activateMs, 1),
    ...(ui ? { bareSaveCallsMs: round(ui.bareSaveCallsMs, 2), formSaveSamplesMs: ui.formSaveSamples.map((ms) => round(ms, 0)) } : {}),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...figures, details }, null, 2)}\n`);
    return;
  }
  const rows: Array<[string, string, string]> = [
    ['client overhead, list (25 credentials)', `${figures.listOverheadRatio}× (${round(overhead.listMsPerCall.client, 3)} vs ${round(overhead.listMsPerCall.plain, 3)} ms/call)`, '<= 1.10'],
    ['client overhead, update', `${figures.updateOverheadRatio}× (${round(overhead.updateMsPerCall.client, 3)} vs ${round(overhead.updateMsPerCall.plain, 3)} ms/call)`, '<= 1.10'],
    ['sockets for those calls', `${figures.socketsPerServer} per server`, '1'],
    ['big list (10,000): decode + normalise + tree items', `${figures.bigListRatio}× JSON.parse (${round(big.bigListMs.client, 1)} vs ${round(big.bigListMs.jsonParse, 1)} ms, ${(big.bigListBytes / 1e6).toFixed(1)} MB)`, '<= 1.3'],
    ['big list (10,000): heap held by state, tree nodes and items', `${figures.bigListHeapMB} MB`, 'reported'],
    ['8 servers at 200 ms, refreshed', `${figures.manyServersRatio}× one server (${round(many.manyServersMs.eight, 0)} vs ${round(many.manyServersMs.one, 0)} ms)`, '≈ 1'],
    ['activation in the real extension host', `${figures.activationMs} ms (bundle ${details.bundleEvaluationMs} + activate() ${details.activateFunctionMs}; plain Node: ${details.activationPlainNodeMs} ms; undici/keyring loaded: ${plain.lazyModulesLoadedAtActivation ? 'yes' : 'no'})`, '<= 5 ms'],
    ['main bundle (minified, without dist/core.js)', `${(figures.mainBundleBytes / 1024).toFixed(1)} KB (core: ${(sizes.coreBundleBytes / 1024).toFixed(0)} KB, lazy)`, '<= 100 KB'],
    ['VSIX (linux-x64)', `${(figures.vsixBytes / 1024 / 1024).toFixed(2)} MB`, '<= 3 MB'],
    ['update form: opened until its page has asked for and been sent its credential, vs an empty webview', `${figures.formOpenRatio}× (${figures.formOpenMs} vs ${details.emptyWebviewOpenMs} ms)`, '<= 1.15'],
  ];
  if (ui) {
    rows.push(
      ['first view: activity bar clicked until rows show, fresh window', `${round(ui.firstViewColdMs, 0)} ms (warm: ${round(ui.firstViewWarmMs, 0)} ms)`, '<= warm + 30 ms'],
      ['big list: answer sent until the tree\'s first rows show', `${round(ui.bigListFirstRowsMs, 0)} ms`, '<= 150 ms'],
      ['big list: filter applied until the match shows', `${round(ui.bigListFilterMs, 0)} ms`, '<= 50 ms'],
      ['form save: Save pressed until "Saved." shows, vs its 3 requests made bare', `${round(ui.formSaveMs / ui.bareSaveCallsMs, 1)}× (${round(ui.formSaveMs, 0)} vs ${round(ui.bareSaveCallsMs, 2)} ms)`, '<= 1.5'],
    );
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  console.log(`whmcs-oauth benchmark on ${details.machine}`);
  console.log(`${'what'.padEnd(width)}  ${'measured'.padEnd(valueWidth)}  goal`);
  for (const [what, value, goal] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(valueWidth)}  ${goal}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
