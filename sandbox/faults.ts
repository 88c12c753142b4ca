// Failures a test can switch on to see how a client copes with a misbehaving server.
import { normaliseAction } from './actionName';

export const FAULT_KINDS = [
  'html200', // HTML maintenance page, status 200, action not applied
  'html500', // PHP fatal error page, status 500, action not applied
  'bom', // normal answer prefixed by a UTF-8 BOM
  'phpNotice', // normal answer prefixed by a PHP notice; headers were already sent, so 200 text/html
  'delay', // action applied, answer sent after delayMs
  'hang', // request read, never answered, action not applied
  'reset', // socket destroyed without an answer, action not applied
  'halfBody', // action applied, full Content-Length but half the body, then the socket dies
  'applyThenDrop', // action applied, socket destroyed without an answer
  'redirect', // the web server answers a redirect (status, location), action not applied
  'echoRequest', // PHP fatal error page that prints the request variables, action not applied
  'noNewSecret', // action applied (a reset too), success answered with an empty newClientSecret
  'ignoreReset', // action applied but resetSecret ignored, success answered without newClientSecret
] as const;

/** Where the 'redirect' fault points by default: another origin, with a query that must not be shown. */
export const DEFAULT_REDIRECT_LOCATION = 'https://whmcs.moved.example/whmcs/includes/api.php?session=sandbox-redirect-token';

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Only requests for this action (normalised like the server); default every API request. */
  action?: string;
  /** How many matching requests it affects; default unlimited. */
  times?: number;
  /** How many matching requests pass untouched before it takes effect; default 0. */
  skip?: number;
  /** For 'delay'. */
  delayMs?: number;
  /** For 'redirect': a 3xx status; default 302. */
  status?: number;
  /** For 'redirect': the Location header, absolute or relative; '' sends none. Default DEFAULT_REDIRECT_LOCATION. */
  location?: string;
}

interface ActiveFault {
  readonly fault: Fault;
  readonly action: string | undefined;
  remaining: number;
  toSkip: number;
}

function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Checks an untrusted value (e.g. a JSON body) and returns it as a Fault, or throws TypeError. */
export function parseFault(value: unknown): Fault {
  if (typeof value !== 'object' || value === null) throw new TypeError('a fault must be an object');
  const record = value as Record<string, unknown>;
  if (!isFaultKind(record['kind'])) throw new TypeError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const fault: Fault = { kind: record['kind'] };
  const { action, times, delayMs, skip, status, location } = record;
  if (action !== undefined) {
    if (typeof action !== 'string') throw new TypeError('action must be a string');
    fault.action = action;
  }
  if (times !== undefined) {
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw new TypeError('times must be a positive integer');
    fault.times = times;
  }
  if (skip !== undefined) {
    if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) throw new TypeError('skip must be an integer >= 0');
    fault.skip = skip;
  }
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) throw new TypeError('delayMs must be a number >= 0');
    fault.delayMs = delayMs;
  }
  if (status !== undefined) {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 300 || status > 399) throw new TypeError('status must be an integer from 300 to 399');
    fault.status = status;
  }
  if (location !== undefined) {
    if (typeof location !== 'string' || /[\r\n]/.test(location)) throw new TypeError('location must be a string on one line');
    fault.location = location;
  }
  return fault;
}

export class FaultController {
  private active: ActiveFault[] = [];

  inject(fault: Fault): void {
    const checked = parseFault(fault);
    this.active.push({
      fault: checked,
      action: checked.action === undefined ? undefined : normaliseAction(checked.action),
      remaining: checked.times ?? Infinity,
      toSkip: checked.skip ?? 0,
    });
  }

  clear(): void {
    this.active = [];
  }

  /** Faults still in effect. */
  list(): Fault[] {
    return this.active.map(({ fault }) => ({ ...fault }));
  }

  /** The first fault that matches this (normalised) action, counting one use of it. */
  take(action: string): Fault | undefined {
    const match = this.active.find((entry) => entry.action === undefined || entry.action === action);
    if (!match) return undefined;
    if (match.toSkip > 0) {
      match.toSkip -= 1;
      return undefined;
    }
    match.remaining -= 1;
    if (match.remaining <= 0) this.active = this.active.filter((entry) => entry !== match);
    return match.fault;
  }
}
