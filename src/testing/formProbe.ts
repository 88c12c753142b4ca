// What the extension-host tests read of an update form: every message its host sends the webview
// (the form's answers) and when it first loaded. Built only into the test build; the forms of
// what ships have no observer.
import * as vscode from 'vscode';
import type { FormObserver, FormTarget } from '../features/form/updateFormPanel';
import type { HostMessage } from '../shared/protocol';

export class FormProbe implements FormObserver {
  private readonly answers = new vscode.EventEmitter<{ target: FormTarget; message: HostMessage }>();
  /** A promise per open form, resolved by its first `load`. */
  private readonly loads = new Map<string, { promise: Promise<void>; resolve: () => void }>();

  answered(target: FormTarget, message: HostMessage): void {
    if (message.type === 'load') this.load(target).resolve();
    this.answers.fire({ target, message });
  }

  closed(target: FormTarget): void {
    this.loads.delete(keyOf(target));
  }

  /** Every message the host of this form sends its webview, from now on. */
  onDidAnswer(target: FormTarget, listener: (message: HostMessage) => void): vscode.Disposable {
    return this.answers.event((answer) => {
      if (keyOf(answer.target) === keyOf(target)) listener(answer.message);
    });
  }

  /** Resolves once the open form of this target has (or had) its first load. */
  whenLoaded(target: FormTarget): Promise<void> {
    return this.load(target).promise;
  }

  private load(target: FormTarget): { promise: Promise<void>; resolve: () => void } {
    let entry = this.loads.get(keyOf(target));
    if (!entry) {
      let resolve = () => undefined as void;
      const promise = new Promise<void>((done) => (resolve = done));
      entry = { promise, resolve };
      this.loads.set(keyOf(target), entry);
    }
    return entry;
  }
}

function keyOf(target: FormTarget): string {
  return `${target.serverId}#${target.credentialId}`;
}
