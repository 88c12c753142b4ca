// Loads dist/core.js on first use. Only types cross this line at build time, so the main bundle
// stays small; errors from the core are recognised by their `kind`, not by instanceof, because
// each bundle has its own copy of the error classes.
import type * as Core from '../core/bundle';

export type CoreModule = typeof Core;

let core: CoreModule | undefined;

export function loadCore(): CoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('./core.js') as CoreModule;
  return core;
}
