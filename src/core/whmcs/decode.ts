// Response decoding that survives real WHMCS servers: a UTF-8 BOM or whitespace before the JSON,
// PHP notices printed before it, `\/` and `\u0026` escapes (plain JSON.parse), the `key=value;`
// text format that pre-action errors use, and HTML pages (maintenance, PHP fatal errors, WAF or
// proxy pages) with any status, which become an UnexpectedResponseError with a short, redacted
// excerpt. Never throws anything but UnexpectedResponseError.
import { UnexpectedResponseError } from './errors';
import { redactSecrets } from './redact';

export type ApiAnswer = Record<string, unknown>;

const MAX_JSON_STARTS_TRIED = 32;
const EXCERPT_LENGTH = 200;

export function decodeAnswer(
  status: number,
  body: string,
  action: string | undefined,
  knownSecrets: Iterable<string> = [],
): ApiAnswer {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const start = firstNonSpace(text);
  if (text[start] === '{') {
    const answer = parseObject(start === 0 ? text : text.slice(start));
    if (answer) return answer;
  }
  const afterNotices = jsonAfterNoise(text);
  if (afterNotices) return afterNotices;
  const nvp = parseKeyValueText(text.trim());
  if (nvp) return nvp;
  throw unexpected(status, text, action, knownSecrets);
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function parseObject(json: string): ApiAnswer | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isAnswer(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isAnswer(value: unknown): value is ApiAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'result' in value;
}

/** PHP notices or warnings printed before the JSON: try the object starts after the noise. */
function jsonAfterNoise(text: string): ApiAnswer | undefined {
  let from = text.indexOf('{');
  for (let tries = 0; from !== -1 && tries < MAX_JSON_STARTS_TRIED; tries++) {
    const answer = parseObject(text.slice(from));
    if (answer) return answer;
    from = text.indexOf('{', from + 1);
  }
  return undefined;
}

/** The `result=error;message=Authentication Failed;` format (no responsetype, or pre-action errors). */
export function parseKeyValueText(text: string): ApiAnswer | undefined {
  if (!/^result=/i.test(text)) return undefined;
  const answer: ApiAnswer = {};
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    answer[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return answer;
}

function unexpected(
  status: number,
  text: string,
  action: string | undefined,
  knownSecrets: Iterable<string>,
): UnexpectedResponseError {
  const excerpt = excerptOf(text, knownSecrets);
  const what = /<html|<!doctype|<body|<br\s*\/?>/i.test(text)
    ? 'an HTML page'
    : text.trim() === ''
      ? 'an empty body'
      : 'something that is not a WHMCS API answer';
  return new UnexpectedResponseError(
    `The server answered with ${what} (HTTP ${status})${excerpt ? `: "${excerpt}"` : ''}`,
    status,
    excerpt,
    action,
  );
}

function excerptOf(text: string, knownSecrets: Iterable<string>): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const body = text.replace(/<head[\s\S]*?<\/head>/i, ' ').replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ');
  const plain = (title?.trim() ? `${title} ` : '') + body;
  const flat = plain
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const safe = redactSecrets(flat, knownSecrets);
  return safe.length > EXCERPT_LENGTH ? `${safe.slice(0, EXCERPT_LENGTH - 1)}…` : safe;
}
