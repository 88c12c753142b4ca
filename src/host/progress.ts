// Long calls run under a cancellable notification; cancelling aborts the HTTP request.
import * as vscode from 'vscode';

/**
 * VS Code keeps a progress notification on screen for at least 800 ms from its start, however
 * soon the task ends (ProgressService.withNotificationProgress). A result notification shown as
 * soon as a quick call returns would sit under a spinner that still says "Resetting…", so a task
 * that ends early is held until that time has passed (a little more, for the round trip to the
 * workbench); a cancelled one is not held.
 */
export const NOTIFICATION_PROGRESS_MIN_MS = 850;

/** `say` shows a line under the title (what the task is waiting for now). */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, say: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const started = performance.now();
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await task(controller.signal, (message) => progress.report({ message }));
        await untilShownLongEnough(started, controller.signal);
        return result;
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** Resolves once the notification has been up for its minimum time, or at once when cancelled. */
function untilShownLongEnough(started: number, signal: AbortSignal): Promise<void> {
  const remaining = NOTIFICATION_PROGRESS_MIN_MS - (performance.now() - started);
  if (remaining <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, remaining);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
