// Lists the entries of a zip file (a VSIX) from its central directory: enough to check what a
// package ships without an unzip tool.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  size: number;
  /** Where its local header starts, and how it is stored (0 stored, 8 deflated). */
  localHeaderOffset: number;
  method: number;
  compressedSize: number;
}

export function zipEntries(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: broken central directory`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The contents of one entry as text. */
export function zipEntryText(path: string, name: string): string {
  return zipEntryBytes(path, name).toString('utf8');
}

/** The contents of one entry, as stored or inflated. */
export function zipEntryBytes(path: string, name: string): Buffer {
  const zip = readFileSync(path);
  const entry = zipEntries(path).find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${path} has no ${name}`);
  const at = entry.localHeaderOffset;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? inflateRawSync(data) : Buffer.from(data);
}
