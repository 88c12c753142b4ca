// What test-sign-in prints: the report as text for a person (each step, the claims, and for a
// failure what it means and the command that fixes it), or as JSON for scripts.
import type { SignInFix, SignInReport } from '../core/oidc/signInReport';
import { oneLine } from './output';

export interface FixCommandContext {
  credentialId: number;
  /** The credential's redirect URIs as registered, for an `update` that keeps them. */
  registeredRedirectUris: readonly string[];
}

export function signInReportText(report: SignInReport, context: FixCommandContext): string {
  const lines = [
    `Test Sign-In of credential ${report.credentialId} "${oneLine(report.credentialName) || '(unnamed)'}" (${report.clientIdentifier})`,
    `Redirect URI: ${report.redirectUri}`,
    `Requested scopes: ${report.requestedScopes.join(' ')}`,
  ];
  if (report.issuer) lines.push(`Issuer: ${oneLine(report.issuer)}`);
  lines.push('');
  const width = Math.max(...report.steps.map((step) => step.id.length));
  for (const step of report.steps) {
    const time = step.outcome === 'skipped' ? '' : `${step.ms} ms`;
    lines.push(`  ${step.outcome.padEnd(7)}  ${step.id.padEnd(width)}  ${time.padStart(8)}  ${oneLine(step.detail)}`);
  }
  const claims = Object.entries(report.claims);
  if (claims.length) {
    lines.push('', 'Claims:');
    for (const [name, value] of claims.sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${name}: ${oneLine(String(value))}`);
  }
  if (report.grantedScopes.length) lines.push('', `Granted scopes: ${report.grantedScopes.join(' ')}`);
  lines.push('');
  if (report.passed) {
    lines.push(`PASSED: the credential signed a person in with OpenID Connect (${report.totalMs} ms).`);
  } else if (report.failure) {
    const { failure } = report;
    lines.push(`FAILED (${failure.code}): ${oneLine(failure.meaning)}`);
    if (failure.serverError) {
      lines.push(`WHMCS said: ${oneLine(failure.serverError.error)}${failure.serverError.description ? ` (${oneLine(failure.serverError.description)})` : ''}`);
    }
    lines.push(`Fix: ${oneLine(failure.fix.label)}`);
    const command = fixCommand(failure.fix, context);
    if (command) lines.push(`     ${command}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The whmcs-oauth command that applies a fix, when one does. */
export function fixCommand(fix: SignInFix, context: FixCommandContext): string | undefined {
  const id = context.credentialId;
  switch (fix.kind) {
    case 'storeCurrentSecret':
      return `whmcs-oauth save-secret ${id}   (or test with the live secret: whmcs-oauth test-sign-in ${id} --live-secret)`;
    case 'registerRedirectUri':
      return fix.value
        ? `whmcs-oauth test-sign-in ${id} --register-redirect-uri   (for this test only), or for good: ${updateRedirectUris(id, [...context.registeredRedirectUris, fix.value])}`
        : undefined;
    case 'removeScope':
      return fix.value ? `run the test again without --scope ${fix.value}` : 'run the test again without --scope';
    case 'retry':
      return `whmcs-oauth test-sign-in ${id}`;
    default:
      return undefined;
  }
}

/** `update` replaces the whole list: every URI to keep is named. */
export function updateRedirectUris(credentialId: number, uris: readonly string[]): string {
  if (uris.length === 0) return `whmcs-oauth update ${credentialId} --no-redirect-uris`;
  return `whmcs-oauth update ${credentialId} ${uris.map((uri) => `--redirect-uri ${shellWord(uri)}`).join(' ')}`;
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
