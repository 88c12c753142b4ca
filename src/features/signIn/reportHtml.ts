// The Test Sign-In report as a page: each step with its outcome and time, the granted scopes, the
// claims, and for a failure what it means and the one fix. Everything the server or the person
// wrote is escaped text; the page holds no token and no secret because the report has none.
// No vscode import: the page is built and checked in plain Node.
import type { SignInFix, SignInReport, SignInStepId } from '../../core/oidc/signInReport';

export const STEP_TITLES: Record<SignInStepId, string> = {
  credential: 'Credential',
  discovery: 'Discovery',
  authorize: 'Sign-in and consent',
  token: 'Code exchange',
  idToken: 'ID token',
  userinfo: 'Userinfo',
};

const OUTCOME_MARKS = { passed: '✓', failed: '✗', skipped: '–' } as const;

/** The fixes the report page offers as a button (the others are advice). */
export function fixIsAction(fix: SignInFix): boolean {
  return fix.kind === 'registerRedirectUri' || fix.kind === 'storeCurrentSecret' || fix.kind === 'removeScope';
}

export interface ReportPage {
  report: SignInReport;
  serverLabel: string;
  /** Whether the sign-in may run again from here (not while one runs). */
  canRunAgain: boolean;
}

export function reportBody({ report, serverLabel, canRunAgain }: ReportPage): string {
  const name = report.credentialName || report.clientIdentifier;
  const summary = report.passed
    ? `<p class="summary passed" role="status">${mark('✓')} The credential signed a person in: every check passed.</p>`
    : `<p class="summary failed" role="status">${mark('✗')} The sign-in failed at ${escape(failedStepTitle(report))}.</p>`;
  return [
    `<h1>Test Sign-In: ${escape(name)}</h1>`,
    `<p class="meta">${escape(serverLabel)} · client ID <code>${escape(report.clientIdentifier)}</code> · redirect URI <code>${escape(report.redirectUri)}</code> · ${escape(report.startedAt)} · ${report.totalMs} ms</p>`,
    summary,
    report.failure ? failureSection(report) : '',
    stepsTable(report),
    scopesSection(report),
    claimsSection(report),
    canRunAgain ? '<p><button type="button" data-action="runAgain" class="secondary">Run Again</button></p>' : '',
  ].join('\n');
}

function failureSection(report: SignInReport): string {
  const failure = report.failure;
  if (!failure) return '';
  const server = failure.serverError
    ? `<p>WHMCS answered <code>${escape(failure.serverError.error)}</code>${failure.serverError.description ? `: “${escape(failure.serverError.description)}”` : ''}.</p>`
    : '';
  const fix = fixIsAction(failure.fix)
    ? `<p><button type="button" data-action="fix">${escape(failure.fix.label)}</button></p>`
    : `<p class="fix">${escape(failure.fix.label)}</p>`;
  return `<section class="failure" aria-label="What failed"><h2>What it means</h2><p>${escape(failure.meaning)}</p>${server}${fix}</section>`;
}

function stepsTable(report: SignInReport): string {
  const rows = report.steps.map(
    (step) =>
      `<tr class="${step.outcome}" data-step="${step.id}"><td>${mark(OUTCOME_MARKS[step.outcome])} ${escape(STEP_TITLES[step.id])}</td><td>${step.outcome}</td><td class="ms">${step.outcome === 'skipped' ? '' : `${step.ms} ms`}</td><td>${escape(step.detail)}</td></tr>`,
  );
  return `<h2>Steps</h2><table class="steps"><thead><tr><th>Step</th><th>Outcome</th><th>Time</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scopesSection(report: SignInReport): string {
  const list = (scopes: readonly string[]) => (scopes.length ? scopes.map((s) => `<code>${escape(s)}</code>`).join(' ') : '<em>none</em>');
  const granted = report.passed || report.grantedScopes.length ? `<p>Granted: ${list(report.grantedScopes)}</p>` : '';
  return `<h2>Scopes</h2><p>Requested: ${list(report.requestedScopes)}</p>${granted}`;
}

function claimsSection(report: SignInReport): string {
  const entries = Object.entries(report.claims);
  if (entries.length === 0) return '';
  const rows = entries.map(([claim, value]) => `<tr><th scope="row"><code>${escape(claim)}</code></th><td>${escape(String(value))}</td></tr>`);
  return `<h2>Claims</h2><p class="meta">From the ID token and userinfo. The tokens themselves are neither shown nor kept.</p><table class="claims"><tbody>${rows.join('')}</tbody></table>`;
}

function failedStepTitle(report: SignInReport): string {
  const failed = report.steps.find((step) => step.outcome === 'failed');
  return failed ? STEP_TITLES[failed.id] : 'an unknown step';
}

function mark(symbol: string): string {
  return `<span class="mark" aria-hidden="true">${symbol}</span>`;
}

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
