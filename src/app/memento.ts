// The part of vscode.Memento the application layer uses (the extension's global state: kept
// across restarts, never in a workspace), so that app/ stays testable in plain Node.
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}
