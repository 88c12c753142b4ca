import type { FlavorProfile } from '../flavor';
import type { Params } from '../params';
import type { SandboxState } from '../state';

export interface ActionContext {
  readonly params: Params;
  readonly state: SandboxState;
  readonly profile: FlavorProfile;
  readonly mergeDefect: boolean;
}

/** What an action hands to the response renderer: `result` plus the documented keys only. */
export type ActionResult = { readonly result: 'success' | 'error' } & { readonly [key: string]: unknown };

export type Action = (context: ActionContext) => ActionResult;

/** Validation errors inside an action: HTTP 200 with result "error". */
export function actionError(message: string): ActionResult {
  return { result: 'error', message };
}
