import { Inflate } from 'fflate';
import type { BundleProblem } from '../protocol/bundles';
import type { BundleLimits } from './limits';

/**
 * A zip reader that distrusts its input. It reads the central directory itself (fflate's
 * `unzipSync` would inflate first and ask questions later), checks every entry against the
 * caps and path rules, and only then inflates, entry by entry, never past the size the
 * directory declared. Every problem of a stage is collected, so an author sees them all.
 *
 * Supported: stored and deflated entries, no encryption, no ZIP64 (bundles are far below
 * 4 GiB), one disk. That is everything `zipSync`, `zip -r` and the OS "compress" menus write.
 */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where the entry's compressed bytes start and end in the zip. */
  dataStart: number;
  dataEnd: number;
  isDirectory: boolean;
}

export type ZipStage<T> = { ok: true; value: T } | { ok: false; problems: BundleProblem[] };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Stage 1: the central directory, checked against `limits` and the path rules. Nothing is inflated. */
export function listZipEntries(zip: Uint8Array, limits: BundleLimits): ZipStage<ZipEntry[]> {
  const fail = (code: BundleProblem['code'], message: string): ZipStage<ZipEntry[]> => ({
    ok: false,
    problems: [{ code, message }],
  });
  if (zip.length > limits.maxZipBytes)
    return fail('too_large', `the zip is ${zip.length} bytes, more than the ${limits.maxZipBytes} allowed`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndRecord(view);
  if (end === -1) {
    const startsLikeZip = zip.length >= 4 && view.getUint32(0, true) === SIG_LOCAL;
    return startsLikeZip
      ? fail('truncated', 'the zip has no end-of-central-directory record: the file was cut short')
      : fail('not_a_zip', 'not a zip archive');
  }
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0)
    return fail('not_a_zip', 'multi-part zip archives are not supported');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    return fail('too_large', 'ZIP64 archives are not supported (a bundle is far below 4 GiB)');
  }
  if (count > limits.maxFiles)
    return fail('too_large', `the zip has ${count} entries, more than the ${limits.maxFiles} allowed`);
  if (directoryStart + directorySize > end)
    return fail('truncated', 'the central directory lies outside the zip: the file is truncated or corrupt');

  const problems: BundleProblem[] = [];
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = directoryStart;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_SIZE > directoryStart + directorySize || view.getUint32(at, true) !== SIG_CENTRAL) {
      return fail('truncated', `central directory entry ${index + 1} of ${count} is corrupt`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + CENTRAL_SIZE + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > directoryStart + directorySize)
      return fail('truncated', `central directory entry ${index + 1} of ${count} is corrupt`);
    const nameBytes = zip.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
    const name = new TextDecoder('utf-8').decode(nameBytes);
    const entry: ZipEntry = {
      name,
      method,
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      dataStart: 0,
      dataEnd: 0,
      isDirectory: name.endsWith('/'),
    };
    const localHeader = view.getUint32(at + 42, true);
    const mode = view.getUint32(at + 38, true) >>> 16;
    at = next;

    const pathProblem = unsafePathReason(name);
    if (pathProblem !== null)
      problems.push({ code: 'unsafe_path', path: name, message: `${JSON.stringify(name)}: ${pathProblem}` });
    if ((mode & S_IFMT) === S_IFLNK)
      problems.push({ code: 'unsafe_path', path: name, message: `${name} is a symbolic link` });
    if (seen.has(name))
      problems.push({ code: 'duplicate_path', path: name, message: `${name} appears more than once in the zip` });
    seen.add(name);
    if (flags & 1) problems.push({ code: 'unsafe_content', path: name, message: `${name} is encrypted` });
    if (method !== 0 && method !== 8)
      problems.push({
        code: 'not_a_zip',
        path: name,
        message: `${name} uses compression method ${method}; only stored and deflate are supported`,
      });
    if (entry.size > limits.maxFileBytes) {
      problems.push({
        code: 'file_too_large',
        path: name,
        message: `${name} is ${entry.size} bytes, more than the ${limits.maxFileBytes} allowed for one file`,
      });
    }
    if (
      entry.size >= limits.ratioCheckMinBytes &&
      entry.size > limits.maxCompressionRatio * Math.max(entry.compressedSize, 1)
    ) {
      const ratio = Math.round(entry.size / Math.max(entry.compressedSize, 1));
      problems.push({
        code: 'zip_bomb',
        path: name,
        message: `${name} inflates ${ratio}:1, more than the ${limits.maxCompressionRatio}:1 allowed`,
      });
    }
    if (method === 0 && entry.size !== entry.compressedSize)
      problems.push({ code: 'truncated', path: name, message: `${name} is stored but its two sizes differ` });
    total += entry.size;

    const local = localDataRange(zip, view, localHeader, nameBytes, directoryStart, entry.compressedSize);
    if (typeof local === 'string') problems.push({ code: 'truncated', path: name, message: `${name}: ${local}` });
    else [entry.dataStart, entry.dataEnd] = local;
    entries.push(entry);
  }
  if (total > limits.maxTotalBytes)
    problems.push({
      code: 'too_large',
      message: `the files add up to ${total} bytes, more than the ${limits.maxTotalBytes} allowed`,
    });
  problems.push(...overlappingEntries(entries));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: entries };
}

/** Stage 2: inflates every file entry, never past its declared size, and checks its CRC-32. */
export function extractZipEntries(zip: Uint8Array, entries: ZipEntry[]): ZipStage<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const problems: BundleProblem[] = [];
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    const raw = zip.subarray(entry.dataStart, entry.dataEnd);
    const result = entry.method === 0 ? { ok: true as const, bytes: raw.slice() } : inflateCapped(raw, entry.size);
    if (!result.ok) {
      problems.push({ code: result.code, path: entry.name, message: `${entry.name}: ${result.reason}` });
    } else if (result.bytes.length !== entry.size || crc32(result.bytes) !== entry.crc32) {
      problems.push({
        code: 'truncated',
        path: entry.name,
        message: `${entry.name} is corrupt: its bytes do not match the zip's size and CRC-32`,
      });
    } else {
      files.set(entry.name, result.bytes);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: files };
}

/** Why a zip entry name is not a plain relative path, or null when it is one. */
export function unsafePathReason(name: string): string | null {
  if (name === '') return 'an empty name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('\\')) return 'a backslash in the path';
  if (/[\u0000-\u001f\u007f\ufffd]/.test(name)) return 'control or undecodable characters in the path';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return 'a ".." segment that climbs out of the bundle';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'an empty or "." segment';
  return null;
}

function findEndRecord(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - END_SIZE - MAX_COMMENT);
  for (let at = view.byteLength - END_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === SIG_END && at + END_SIZE + view.getUint16(at + 20, true) <= view.byteLength)
      return at;
  }
  return -1;
}

/** The entry's data range, read from its local header (which must name the same file), or why it is unusable. */
function localDataRange(
  zip: Uint8Array,
  view: DataView,
  at: number,
  centralName: Uint8Array,
  directoryStart: number,
  compressedSize: number,
): [number, number] | string {
  if (at + LOCAL_SIZE > directoryStart || view.getUint32(at, true) !== SIG_LOCAL)
    return 'its local header is missing or corrupt';
  const nameLength = view.getUint16(at + 26, true);
  const start = at + LOCAL_SIZE + nameLength + view.getUint16(at + 28, true);
  const localName = zip.subarray(at + LOCAL_SIZE, at + LOCAL_SIZE + nameLength);
  // A different name in the local header is how one zip shows two readers two different files.
  if (nameLength !== centralName.length || localName.some((byte, index) => byte !== centralName[index])) {
    return 'its local header names a different file';
  }
  if (start + compressedSize > directoryStart) return 'its data runs past the end of the file: the zip is truncated';
  return [start, start + compressedSize];
}

/**
 * Entries sharing bytes are the "overlapping files" zip bomb (Fifield 2019): every file is a window on one huge stream.
 */
function overlappingEntries(entries: ZipEntry[]): BundleProblem[] {
  const sorted = entries.filter((entry) => entry.dataEnd > 0).sort((a, b) => a.dataStart - b.dataStart);
  const problems: BundleProblem[] = [];
  for (let index = 1; index < sorted.length; index++) {
    const [previous, entry] = [sorted[index - 1]!, sorted[index]!];
    if (entry.dataStart < previous.dataEnd) {
      problems.push({
        code: 'zip_bomb',
        path: entry.name,
        message: `${entry.name} overlaps ${previous.name} in the zip`,
      });
    }
  }
  return problems;
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; code: 'zip_bomb' | 'truncated'; reason: string };

/** Input is fed in small slices, so a lying directory costs at most one slice of output (~8 MiB) past `size`. */
const INFLATE_SLICE = 8 * 1024;

function inflateCapped(raw: Uint8Array, size: number): Inflated {
  const output = new Uint8Array(size);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > size) {
      overflow = true;
      throw new RangeError('overflow');
    }
    output.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = 0; at < raw.length || at === 0; at += INFLATE_SLICE) {
      const end = Math.min(at + INFLATE_SLICE, raw.length);
      inflater.push(raw.subarray(at, end), end === raw.length);
      if (end === raw.length) break;
    }
  } catch (error) {
    if (overflow)
      return { ok: false, code: 'zip_bomb', reason: `inflates to more than the ${size} bytes the zip declares` };
    return {
      ok: false,
      code: 'truncated',
      reason: `its compressed data is corrupt (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  return { ok: true, bytes: written === size ? output : output.subarray(0, written) };
}

let crcTable: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  const table = (crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
