// The webview side of VS Code: acquireVsCodeApi() may be called only once per page, so this
// module calls it and hands out a typed wrapper that can only post FormMessages.
import type { FormMessage } from '../shared/protocol';
import type { PersistedDraft } from './persistence';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostConnection {
  post(message: FormMessage): void;
  /** The saved webview state as stored: to be parsed, it may come from an older build. */
  readState(): unknown;
  writeState(state: PersistedDraft): void;
}

export function connectToHost(): HostConnection {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    readState: () => api.getState(),
    writeState: (state) => api.setState(state),
  };
}
