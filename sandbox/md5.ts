import { createHash } from 'node:crypto';

/** md5 hex: how admin passwords are compared in the legacy login (and sent by its clients). */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
