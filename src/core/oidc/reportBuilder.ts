// Keeps the steps of one Test Sign-In: times each, tells the caller as each ends, and after the
// first failure marks the rest skipped.
import { SIGN_IN_STEPS, type SignInFailure, type SignInReport, type SignInStep, type SignInStepId } from './signInReport';

type Header = Pick<SignInReport, 'credentialId' | 'clientIdentifier' | 'credentialName' | 'redirectUri' | 'requestedScopes'>;

export class ReportBuilder {
  readonly #started = performance.now();
  readonly #startedAt = new Date().toISOString();
  readonly #steps: SignInStep[] = [];
  readonly #onStep: ((step: SignInStep) => void) | undefined;
  #stepStarted = performance.now();
  #failure: SignInFailure | undefined;
  issuer: string | undefined;
  grantedScopes: string[] = [];
  claims: Record<string, string | number | boolean> = {};

  constructor(
    readonly header: Header,
    onStep: ((step: SignInStep) => void) | undefined,
  ) {
    this.#onStep = onStep;
  }

  /** Starts timing the next step (a step's time runs from here to pass or fail). */
  begin(): void {
    this.#stepStarted = performance.now();
  }

  pass(id: SignInStepId, detail: string, ms = performance.now() - this.#stepStarted): void {
    this.#add({ id, outcome: 'passed', ms: Math.round(ms), detail });
    this.begin();
  }

  fail(id: SignInStepId, detail: string, failure: SignInFailure): SignInReport {
    this.#add({ id, outcome: 'failed', ms: Math.round(performance.now() - this.#stepStarted), detail });
    this.#failure = failure;
    return this.finish();
  }

  finish(): SignInReport {
    for (const id of SIGN_IN_STEPS) {
      if (!this.#steps.some((step) => step.id === id)) this.#add({ id, outcome: 'skipped', ms: 0, detail: 'Not run: an earlier step failed.' });
    }
    const passed = !this.#failure && this.#steps.every((step) => step.outcome === 'passed');
    return {
      ...this.header,
      requestedScopes: [...this.header.requestedScopes],
      ...(this.issuer !== undefined ? { issuer: this.issuer } : {}),
      grantedScopes: this.grantedScopes,
      claims: this.claims,
      steps: [...this.#steps],
      passed,
      ...(this.#failure ? { failure: this.#failure } : {}),
      startedAt: this.#startedAt,
      totalMs: Math.round(performance.now() - this.#started),
    };
  }

  #add(step: SignInStep): void {
    this.#steps.push(step);
    this.#onStep?.(step);
  }
}
