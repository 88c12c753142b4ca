// Rendering of API answers in WHMCS's three response types, and the rule that picks one.
//
// Errors raised before the action runs are JSON only for responsetype exactly "json"; everything
// else gets the key=value; text. Action results look the response type up case-insensitively:
// json, xml, nvp (or none) render; any other value answers 200 with "Unsupported API response type
// format" - after the action has run, so its effect happens but its answer is lost.
import type { FlavorProfile } from './flavor';
import { phpJsonEncode } from './phpJson';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

type ResultRecord = { readonly [key: string]: unknown };

export const HTML_TYPE = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';
const XML_TYPE = 'text/xml; charset=utf-8';

export function renderJson(result: ResultRecord, profile: FlavorProfile, status = 200): HttpAnswer {
  return { status, contentType: JSON_TYPE, body: phpJsonEncode(result, profile.json) };
}

/** PHP string conversion: arrays print "Array", null and false print nothing. */
function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') return 'Array';
  return String(value);
}

/** The legacy `key=value;` text (nested arrays print as "Array", as PHP echoes them). */
export function renderNvp(result: ResultRecord, status = 200): HttpAnswer {
  const body = Object.entries(result)
    .map(([key, value]) => `${key}=${phpString(value)};`)
    .join('');
  return { status, contentType: HTML_TYPE, body };
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

// List items are named after their parent in the singular ("clients" -> <client>), else <item>.
function xmlElement(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    const child = key.endsWith('s') ? key.slice(0, -1) : 'item';
    return `<${key}>\n${value.map((item) => xmlElement(child, item)).join('')}</${key}>\n`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as ResultRecord)
      .map(([childKey, childValue]) => xmlElement(childKey, childValue))
      .join('');
    return `<${key}>\n${inner}</${key}>\n`;
  }
  return `<${key}>${xmlEscape(phpString(value))}</${key}>\n`;
}

export function renderXml(result: ResultRecord, action: string, profile: FlavorProfile): HttpAnswer {
  const inner = Object.entries(result)
    .map(([key, value]) => xmlElement(key, value))
    .join('');
  const body =
    `<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="${profile.version}">\n` +
    `<action>${action}</action>\n${inner}</whmcsapi>`;
  return { status: 200, contentType: XML_TYPE, body };
}

export function renderPreActionError(
  message: string,
  status: number,
  responseType: string | undefined,
  profile: FlavorProfile,
): HttpAnswer {
  const result = { result: 'error', message };
  return responseType === 'json' ? renderJson(result, profile, status) : renderNvp(result, status);
}

export function renderActionResult(
  result: ResultRecord,
  action: string,
  responseType: string | undefined,
  profile: FlavorProfile,
): HttpAnswer {
  const type = (responseType ?? '').toLowerCase();
  if (type === 'json') return renderJson(result, profile);
  if (type === 'xml') return renderXml(result, action, profile);
  if (type === '' || type === 'nvp') return renderNvp(result);
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `Unsupported API response type format "${responseType ?? ''}". Supported formats include: json, xml, nvp`,
  };
}
