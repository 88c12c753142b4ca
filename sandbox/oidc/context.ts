// What the provider's endpoints share.
import type { SandboxState } from '../state';
import type { OidcFaultController } from './faults';
import type { GrantStore } from './grants';
import type { SigningKeys } from './keys';
import type { SessionStore } from './sessions';

export interface OidcContext {
  readonly state: SandboxState;
  readonly faults: OidcFaultController;
  readonly keys: SigningKeys;
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  /** The WHMCS system URL without a trailing slash (known once the server listens). */
  readonly issuer: () => string;
  /** The base path of every page, '' or '/whmcs'. */
  readonly basePath: string;
  /** A timer that close() cancels. */
  readonly sleep: (ms: number) => Promise<void>;
}

export const paths = (basePath: string) => ({
  authorize: `${basePath}/oauth/authorize.php`,
  login: `${basePath}/login.php`,
  doLogin: `${basePath}/dologin.php`,
  clientArea: `${basePath}/clientarea.php`,
  cookie: basePath === '' ? '/' : basePath,
});
