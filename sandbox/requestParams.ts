// Builds the request variables the way PHP + WHMCS do: $_GET from the query string, $_POST from an
// urlencoded or multipart POST body (JSON and other bodies are not read), merged with the body
// winning, then every value HTML-escaped by WHMCS's input cleaning.
import type { IncomingMessage } from 'node:http';
import { htmlEscape } from './htmlEscape';
import { boundaryOf, parseMultipart } from './multipart';
import { Params } from './params';
import { PhpArray, mapPhpValues, mergePhpArrays, parsePhpQuery } from './phpRequest';

/** PHP's default post_max_size (8M): a larger body is discarded entirely. */
const POST_MAX_SIZE = 8 * 1024 * 1024;

/** Reads the whole body; undefined when it exceeds POST_MAX_SIZE (still drained). */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= POST_MAX_SIZE) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= POST_MAX_SIZE ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function postVariables(req: IncomingMessage, body: Buffer | undefined): PhpArray {
  const post = new PhpArray();
  if (req.method !== 'POST' || !body || body.length === 0) return post;
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return parsePhpQuery(body, post);
  if (mediaType === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    if (boundary) return parseMultipart(body, boundary, post);
  }
  return post;
}

/** `rawQuery`: the part of the request target after '?', as received. */
export function requestParams(req: IncomingMessage, rawQuery: string, body: Buffer | undefined): Params {
  const get = parsePhpQuery(Buffer.from(rawQuery, 'latin1'));
  const merged = mergePhpArrays(get, postVariables(req, body));
  return new Params(mapPhpValues(merged, htmlEscape));
}
