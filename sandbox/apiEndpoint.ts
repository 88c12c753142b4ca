// includes/api.php: reads the request, lets an injected fault interfere, runs the gate and the
// action, and writes the answer with a Content-Length so keep-alive connections can be reused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normaliseAction } from './actionName';
import { ACTIONS } from './actions';
import type { ActionResult } from './actions/types';
import { checkGate, phpRemoteAddress, type GateConfig } from './auth';
import { DEFAULT_REDIRECT_LOCATION, type Fault, type FaultController } from './faults';
import type { FlavorProfile } from './flavor';
import { FATAL_ERROR_PAGE, MAINTENANCE_PAGE, PHP_NOTICE, requestDumpPage, UTF8_BOM } from './htmlPages';
import type { Params } from './params';
import type { RequestLog } from './requestLog';
import { readBody, requestParams } from './requestParams';
import { HTML_TYPE, renderActionResult, renderPreActionError, type HttpAnswer } from './responses';
import type { SandboxState } from './state';

export interface ApiEndpointContext {
  readonly state: SandboxState;
  readonly faults: FaultController;
  readonly profile: FlavorProfile;
  readonly mergeDefect: boolean;
  readonly gate: GateConfig;
  readonly latencyMs: number;
  readonly requestLog: RequestLog;
  /** A timer that close() cancels, so pending answers never keep the process alive. */
  readonly sleep: (ms: number) => Promise<void>;
}

export function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': body.length,
    'X-Powered-By': 'PHP/8.1.27',
  });
  res.end(body);
}

/** What a web server's redirect rule answers (Apache's page), before PHP runs. */
function sendRedirect(res: ServerResponse, status: number, location: string): void {
  const body = Buffer.from(`<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>${status} Moved</title></head><body><h1>Moved</h1></body></html>\n`, 'utf8');
  res.writeHead(status, {
    'Content-Type': HTML_TYPE,
    'Content-Length': body.length,
    ...(location ? { Location: location } : {}),
  });
  res.end(body);
}

function processCall(params: Params, remoteAddress: string, context: ApiEndpointContext, fault: Fault | undefined): HttpAnswer {
  const responseType = params.string('responsetype');
  const gate = checkGate(params, remoteAddress, context.state, context.gate);
  if (!gate.ok) return renderPreActionError(gate.message, gate.status, responseType, context.profile);
  const action = ACTIONS.get(gate.action);
  if (!action) throw new Error(`gate let through unknown action ${gate.action}`);
  const keptSecret = fault?.kind === 'ignoreReset' ? storedSecret(params, context.state) : undefined;
  const result = action({ params, state: context.state, profile: context.profile, mergeDefect: context.mergeDefect });
  if (keptSecret) restoreSecret(keptSecret, context.state);
  return renderActionResult(withoutNewSecret(result, fault), gate.action, responseType, context.profile);
}

/** The secret a credential has before an 'ignoreReset' update, to put back after it. */
function storedSecret(params: Params, state: SandboxState): { credentialId: number; clientSecret: string } | undefined {
  const credential = state.getCredential(params.int('credentialId'));
  return credential && { credentialId: credential.credentialId, clientSecret: credential.clientSecret };
}

function restoreSecret(kept: { credentialId: number; clientSecret: string }, state: SandboxState): void {
  const credential = state.getCredential(kept.credentialId);
  if (credential) state.saveCredential({ ...credential, clientSecret: kept.clientSecret });
}

/** 'noNewSecret' answers success with an empty new secret, 'ignoreReset' with none at all. */
function withoutNewSecret(result: ActionResult, fault: Fault | undefined): ActionResult {
  if (fault?.kind === 'noNewSecret' && 'newClientSecret' in result) return { ...result, newClientSecret: '' };
  if (fault?.kind !== 'ignoreReset') return result;
  const rest: Record<string, unknown> = { ...result };
  delete rest['newClientSecret'];
  return rest as ActionResult;
}

/** The answer as the fault leaves it (the prefixes come from output before PHP's own). */
function decorate(answer: HttpAnswer, fault: Fault | undefined): HttpAnswer {
  if (fault?.kind === 'bom') return { ...answer, body: UTF8_BOM + answer.body };
  // Output before header() means the status and content type can no longer be set.
  if (fault?.kind === 'phpNotice') return { status: 200, contentType: HTML_TYPE, body: PHP_NOTICE + answer.body };
  return answer;
}

export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  rawQuery: string,
  context: ApiEndpointContext,
): Promise<void> {
  const body = await readBody(req);
  const params = requestParams(req, rawQuery, body);
  const action = normaliseAction(params.string('action') ?? '');
  context.requestLog.record(action, [...params.entries()].map(([name]) => name));
  const fault = context.faults.take(action);

  switch (fault?.kind) {
    case 'hang':
      return; // the socket stays open until the client gives up or the sandbox closes
    case 'reset':
      req.socket.destroy();
      return;
    case 'html200':
      sendAnswer(res, { status: 200, contentType: HTML_TYPE, body: MAINTENANCE_PAGE });
      return;
    case 'html500':
      sendAnswer(res, { status: 500, contentType: HTML_TYPE, body: FATAL_ERROR_PAGE });
      return;
    case 'echoRequest':
      sendAnswer(res, { status: 500, contentType: HTML_TYPE, body: requestDumpPage(params.entries()) });
      return;
    case 'redirect':
      sendRedirect(res, fault.status ?? 302, fault.location ?? DEFAULT_REDIRECT_LOCATION);
      return;
    default:
      break;
  }

  const answer = decorate(processCall(params, phpRemoteAddress(req.socket.remoteAddress), context, fault), fault);

  const wait = context.latencyMs + (fault?.kind === 'delay' ? (fault.delayMs ?? 0) : 0);
  if (wait > 0) await context.sleep(wait);

  if (fault?.kind === 'applyThenDrop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'halfBody') {
    const full = Buffer.from(answer.body, 'utf8');
    res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': full.length });
    res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
    return;
  }
  sendAnswer(res, answer);
}
