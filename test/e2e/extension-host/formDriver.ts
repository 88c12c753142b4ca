// Drives an update form panel from inside the extension host the way its webview does: opens it,
// waits for its credential, sends messages through the panel's handler and reads the answers.
import * as assert from 'node:assert/strict';
import type { WhmcsOAuthApi } from '../../../src/extension';
import type { FormFields, HostMessage } from '../../../src/shared/protocol';
import type { FormTarget, UpdateFormPanel } from '../../../src/features/form/updateFormPanel';
import { withinSeconds } from './steps';

type LoadMessage = Extract<HostMessage, { type: 'load' }>;
const FINAL = new Set<HostMessage['type']>(['saved', 'saveFailed', 'stale', 'saveCancelled']);

export interface DrivenForm {
  /** What the host loaded the form with. */
  readonly loaded: LoadMessage;
  /** Every message the host sent the webview so far. */
  readonly answers: readonly HostMessage[];
  /** Sends a message as the webview would (hostile ones included). */
  send(raw: unknown): void;
  /** Saves these changes (as a webview may ask: with a reset, overwriting); resolves with the host's final answer. */
  save(changes: Partial<FormFields>, options?: { resetSecret?: boolean; overwrite?: boolean }): Promise<HostMessage>;
  /** Asks for a reload as the webview's Reload button does; resolves with the host's new load message. */
  reload(): Promise<LoadMessage>;
  dispose(): void;
}

export function openForm(api: WhmcsOAuthApi, target: FormTarget, onAnswer: (answer: HostMessage) => void = () => undefined): Promise<DrivenForm> {
  return driveForm(api, api.forms.open(target), onAnswer);
}

/**
 * Drives a panel however it was opened (the tree's Update command returns it). Its first load may
 * have gone out before this listened: then the form is loaded again, as the webview's Reload does.
 */
export async function driveForm(api: WhmcsOAuthApi, panel: UpdateFormPanel, onAnswer: (answer: HostMessage) => void = () => undefined): Promise<DrivenForm> {
  const target = panel.target;
  const answers: HostMessage[] = [];
  const probe = api.formProbe;
  const listening = probe.onDidAnswer(target, (answer) => {
    answers.push(answer);
    onAnswer(answer);
  });
  try {
    await withinSeconds(probe.whenLoaded(target), 30, 'the form did not load');
    if (!answers.some((answer) => answer.type === 'load')) {
      const reloaded = new Promise<void>((resolve) => {
        const done = probe.onDidAnswer(target, (answer) => {
          if (answer.type !== 'load') return;
          done.dispose();
          resolve();
        });
      });
      panel.handleWebviewMessage({ type: 'reload' });
      await withinSeconds(reloaded, 30, 'the form did not load again');
    }
  } catch (error) {
    listening.dispose();
    panel.dispose();
    throw error;
  }
  const loaded = answers.find((answer): answer is LoadMessage => answer.type === 'load');
  assert.ok(loaded, 'the form loaded without a load message');
  return {
    loaded,
    answers,
    send: (raw) => panel.handleWebviewMessage(raw),
    save(changes, options = {}) {
      const settled = new Promise<HostMessage>((resolve) => {
        const done = probe.onDidAnswer(target, (answer) => {
          if (!FINAL.has(answer.type)) return;
          done.dispose();
          resolve(answer);
        });
      });
      panel.handleWebviewMessage({
        type: 'save',
        credentialId: target.credentialId,
        baseUpdatedAt: loaded.credential.updatedAt,
        changes,
        resetSecret: options.resetSecret ?? false,
        overwrite: options.overwrite ?? false,
      });
      return withinSeconds(settled, 15, 'the form did not answer the save');
    },
    reload() {
      // Listening before asking: the answer may come before this function returns.
      const reloaded = new Promise<LoadMessage>((resolve) => {
        const done = probe.onDidAnswer(target, (answer) => {
          if (answer.type !== 'load') return;
          done.dispose();
          resolve(answer);
        });
      });
      panel.handleWebviewMessage({ type: 'reload' });
      return withinSeconds(reloaded, 15, 'the form did not answer the reload');
    },
    dispose() {
      listening.dispose();
      panel.dispose();
    },
  };
}
