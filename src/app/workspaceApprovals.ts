// A workspace's settings (a cloned repository's .vscode/settings.json) may list WHMCS servers. A
// server entry from there that weakens how secrets travel (accept any certificate, trust an extra
// CA file, plain http) is used only after the person allowed exactly that, once, in a modal. The
// answer is kept per fingerprint of the entry and of the CA file's content, so a later commit that
// changes either asks again. Secrets are bound to the server's origin (keychainLayout), so an
// entry cannot send a stored secret to another server in the first place.
import { createHash } from 'node:crypto';
import type { Memento } from './memento';
import { securityRelaxations, type ServerProfile } from './serverProfile';


export interface ApprovalQuestion {
  message: string;
  detail: string;
  confirmLabel: string;
}

export class WorkspaceSettingsNotAllowedError extends Error {
  readonly kind = 'notAllowed';
  readonly hint = 'Remove these settings from the workspace (.vscode/settings.json), or refresh and allow them.';
  constructor(profile: ServerProfile, relaxations: readonly string[]) {
    super(`Nothing was sent to "${profile.label}": the workspace settings ask to ${relaxations.join('; ')}, which you have not allowed.`);
    this.name = 'WorkspaceSettingsNotAllowedError';
  }
}

const APPROVED_KEY = 'whmcsOAuth.approvedWorkspaceServers';
const KEPT_APPROVALS = 100;

export class WorkspaceServerApprovals {
  constructor(
    private readonly memento: Memento,
    /** A modal question; true only when the person chose the confirm label. */
    private readonly ask: (question: ApprovalQuestion) => Promise<boolean>,
  ) {}

  /** Resolves when the entry may be used as it is; rejects with WorkspaceSettingsNotAllowedError. */
  async require(profile: ServerProfile, caPem: string | undefined): Promise<void> {
    const relaxations = securityRelaxations(profile);
    if (relaxations.length === 0) return;
    const fingerprint = approvalFingerprint(profile, caPem);
    if (this.approved().includes(fingerprint)) return;
    if (!(await this.ask(approvalQuestion(profile, relaxations, caPem)))) throw new WorkspaceSettingsNotAllowedError(profile, relaxations);
    await this.memento.update(APPROVED_KEY, [...this.approved().filter((f) => f !== fingerprint), fingerprint].slice(-KEPT_APPROVALS));
  }

  private approved(): string[] {
    return this.memento.get<string[]>(APPROVED_KEY) ?? [];
  }
}

export function approvalQuestion(profile: ServerProfile, relaxations: readonly string[], caPem: string | undefined): ApprovalQuestion {
  const who = profile.auth === 'apiCredential' ? `API credential ${profile.identifier ?? ''}` : `admin user ${profile.username ?? ''}`;
  return {
    message: `This workspace's settings ask to connect to the WHMCS server "${profile.label}" (${profile.url}) in a less safe way. Allow it?`,
    detail: [
      `The workspace settings ask to:`,
      ...relaxations.map((relaxation) => `• ${relaxation}`),
      ...(caPem !== undefined && profile.caFile ? [`CA file SHA-256: ${sha256(caPem)}`] : []),
      '',
      `The secret of the ${who} stored for ${profile.url} would be sent this way. Allow only if you set this up yourself.`,
    ].join('\n'),
    confirmLabel: 'Allow',
  };
}

function approvalFingerprint(profile: ServerProfile, caPem: string | undefined): string {
  return sha256(
    JSON.stringify([
      profile.url,
      profile.auth,
      profile.identifier ?? profile.username ?? '',
      profile.allowUntrustedCertificate === true,
      profile.allowInsecureHttp === true,
      profile.caFile ?? '',
      caPem === undefined ? '' : sha256(caPem),
    ]),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
