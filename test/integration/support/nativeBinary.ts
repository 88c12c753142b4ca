// Reads what a native module was built for from its own header, without tools of the target OS:
// ELF (Linux: machine, word size, ARM float ABI, the libc it links), Mach-O (macOS: CPU type) and
// PE (Windows: machine, PE32+, DLL).

export type NativeFormat =
  | { format: 'elf'; machine: 'x86-64' | 'aarch64' | 'arm' | `elf machine ${number}`; bits: 32 | 64; hardFloat: boolean; needed: string[] }
  | { format: 'mach-o'; cpu: 'x86_64' | 'arm64' | `cpu type ${number}`; bundleOrDylib: boolean }
  | { format: 'pe'; machine: 'x86-64' | 'aarch64' | `pe machine ${number}`; pe32Plus: boolean; dll: boolean }
  | { format: 'unknown' };

const ELF_MACHINES: Record<number, 'x86-64' | 'aarch64' | 'arm'> = { 0x3e: 'x86-64', 0xb7: 'aarch64', 0x28: 'arm' };
const MACHO_CPUS: Record<number, 'x86_64' | 'arm64'> = { 0x01000007: 'x86_64', 0x0100000c: 'arm64' };
const PE_MACHINES: Record<number, 'x86-64' | 'aarch64'> = { 0x8664: 'x86-64', 0xaa64: 'aarch64' };

export function nativeFormat(bytes: Buffer): NativeFormat {
  if (bytes.length >= 64 && bytes.readUInt32BE(0) === 0x7f454c46) return elf(bytes);
  if (bytes.length >= 32 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    const fileType = bytes.readUInt32LE(12);
    return { format: 'mach-o', cpu: MACHO_CPUS[cpu] ?? `cpu type ${cpu}`, bundleOrDylib: fileType === 8 || fileType === 6 };
  }
  if (bytes.length >= 64 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = bytes.readUInt16LE(pe + 4);
      const characteristics = bytes.readUInt16LE(pe + 22);
      return {
        format: 'pe',
        machine: PE_MACHINES[machine] ?? `pe machine ${machine}`,
        pe32Plus: bytes.readUInt16LE(pe + 24) === 0x20b,
        dll: (characteristics & 0x2000) !== 0,
      };
    }
  }
  return { format: 'unknown' };
}

/** Little-endian ELF only: every target VS Code has is. */
function elf(bytes: Buffer): NativeFormat {
  const bits = bytes[4] === 2 ? 64 : 32;
  const machine = bytes.readUInt16LE(0x12);
  const flags = bytes.readUInt32LE(bits === 64 ? 0x30 : 0x24);
  return {
    format: 'elf',
    machine: ELF_MACHINES[machine] ?? `elf machine ${machine}`,
    bits,
    // EF_ARM_ABI_FLOAT_HARD: what the "hf" of armhf means.
    hardFloat: machine === 0x28 && (flags & 0x400) !== 0,
    needed: neededLibraries(bytes, bits),
  };
}

/** The DT_NEEDED entries of the dynamic section: the libc a module links tells glibc from musl. */
function neededLibraries(bytes: Buffer, bits: 32 | 64): string[] {
  const word = (at: number) => (bits === 64 ? Number(bytes.readBigUInt64LE(at)) : bytes.readUInt32LE(at));
  const sectionTable = word(bits === 64 ? 0x28 : 0x20);
  const entrySize = bytes.readUInt16LE(bits === 64 ? 0x3a : 0x2e);
  const count = bytes.readUInt16LE(bits === 64 ? 0x3c : 0x30);
  const section = (index: number) => {
    const at = sectionTable + index * entrySize;
    return {
      type: bytes.readUInt32LE(at + 4),
      offset: word(at + (bits === 64 ? 0x18 : 0x10)),
      size: word(at + (bits === 64 ? 0x20 : 0x14)),
      link: bytes.readUInt32LE(at + (bits === 64 ? 0x28 : 0x18)),
    };
  };
  const needed: string[] = [];
  for (let i = 0; i < count; i++) {
    const dynamic = section(i);
    if (dynamic.type !== 6) continue; // SHT_DYNAMIC
    const strings = section(dynamic.link);
    const step = bits === 64 ? 16 : 8;
    for (let at = dynamic.offset; at + step <= dynamic.offset + dynamic.size; at += step) {
      const tag = word(at);
      if (tag === 0) break;
      if (tag !== 1) continue; // DT_NEEDED
      const start = strings.offset + word(at + step / 2);
      needed.push(bytes.toString('latin1', start, bytes.indexOf(0, start)));
    }
  }
  return needed;
}
