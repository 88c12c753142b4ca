// PHP's multipart/form-data reader (what FormData bodies become): each non-file part is registered
// like an urlencoded pair, but its name and value are taken literally (no %-decoding). File parts
// go to $_FILES in PHP, which no WHMCS API action reads, so they are skipped.
import { MAX_INPUT_VARS, PhpArray, registerVariable } from './phpRequest';

export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string, into: PhpArray = new PhpArray()): PhpArray {
  const delimiter = Buffer.from(`--${boundary}`);
  let count = 0;
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString('latin1') === '--') break; // closing delimiter
    const end = body.indexOf(delimiter, partStart);
    if (end < 0) break;
    const part = body.subarray(partStart, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      // The value ends before the CRLF that precedes the next delimiter.
      const value = part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2)).toString('utf8');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      const isFile = /\bfilename=/i.test(disposition);
      if (name !== undefined && !isFile) {
        if (++count > MAX_INPUT_VARS) break;
        registerVariable(into, name, value);
      }
    }
    start = end;
  }
  return into;
}
