// Runs inside the real extension host for `npm run bench`: the activation (the bundle's own
// evaluation and activate(), from performance marks), opening the update form until it has its credential, and opening a plain webview
// until its script answers, side by side.
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../src/extension';

async function emptyWebviewMs(): Promise<number> {
  const started = performance.now();
  const panel = vscode.window.createWebviewPanel('whmcsOAuth.benchEmpty', 'Empty', vscode.ViewColumn.Active, { enableScripts: true });
  const answered = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage(() => resolve()));
  panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-b'"></head><body><script nonce="b">acquireVsCodeApi().postMessage('ready');</script></body></html>`;
  await answered;
  const ms = performance.now() - started;
  panel.dispose();
  return ms;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  if (!extension) throw new Error('extension missing');
  // It activates once the workbench has finished starting (onStartupFinished); this waits for it.
  // Then the workbench settles (on 2 cores its start-up otherwise lands in the form's timings).
  const api = await extension.activate();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  // The extension's own part: evaluating its bundle, then running activate(); VS Code's own
  // set-up of the extension context between the two is not the extension's.
  const mark = (name: string) => {
    const entry = performance.getEntriesByName(`whmcs-oauth:${name}`).at(-1);
    if (!entry) throw new Error(`the performance mark whmcs-oauth:${name} is missing`);
    return entry.startTime;
  };
  const vscodeApiMs = mark('vscode') - mark('load');
  const evaluationMs = mark('evaluated') - mark('vscode');
  const activateMs = mark('activated') - mark('activate');
  const activationMs = evaluationMs + activateMs;

  const [server] = await api.tree.getChildren();
  if (!server) throw new Error('no server configured');
  const [credential] = await api.tree.getChildren(server);
  if (!credential || credential.type !== 'credential') throw new Error('no credential listed');
  // The first webview of a session pays for the webview service: warm it up, then alternate.
  await emptyWebviewMs();
  const form: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const panel = api.forms.open({ serverId: credential.serverId, credentialId: credential.credentialId });
    await api.formProbe.whenLoaded(panel.target);
    form.push(performance.now() - started);
    panel.dispose();
    empty.push(await emptyWebviewMs());
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  console.log(`bench-host ${JSON.stringify({ activationMs, vscodeApiMs, evaluationMs, activateMs, formOpenMs: median(form), emptyWebviewOpenMs: median(empty) })}`);
}
