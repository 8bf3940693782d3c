// Reading a source file as text without losing it to one stray byte, and recognising what is not source.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';

export interface ReadLimits {
  /** Larger files are skipped and listed (bytes). */
  maxFileSize: number;
  /** Scan minified bundles too instead of skipping them. */
  includeMinified: boolean;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileSize: 4 * 1024 * 1024, includeMinified: false };

export type ReadOutcome =
  | { ok: true; text: string; /** Set when the bytes were not clean UTF-8. */ note?: { kind: 'decoded-gb18030' | 'decoded-lossy' | 'decoded-utf16'; message: string } }
  | { ok: false; kind: 'skipped-binary' | 'skipped-too-large' | 'skipped-minified' | 'skipped-not-a-file' | 'read-error'; message: string };

const gb18030 = new TextDecoder('gb18030', { fatal: true });

export function readSourceFile(path: string, limits: ReadLimits = DEFAULT_LIMITS): ReadOutcome {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Open first, then ask the open file what it is: a path checked before opening can be swapped for a FIFO in
    // between, and reading a FIFO blocks forever. O_NONBLOCK makes opening a FIFO return at once (no effect on
    // regular files; undefined on Windows, where FIFOs do not appear in a folder walk).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      if (stats.isDirectory() && isSymbolicLink(path)) {
        return { ok: false, kind: 'skipped-not-a-file', message: 'skipped: symbolic link to a folder, not followed (scan the folder it leads to, to include it)' };
      }
      return { ok: false, kind: 'skipped-not-a-file', message: `skipped: not a regular file (${describeFileType(stats)})` };
    }
    if (stats.size > limits.maxFileSize) {
      return { ok: false, kind: 'skipped-too-large', message: `skipped: ${formatSize(stats.size)} is over the ${formatSize(limits.maxFileSize)} limit (--max-file-size)` };
    }
    // Exactly the size fstat gave: a file that keeps growing while it is read cannot make the read unbounded.
    bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    for (let got = 1; filled < bytes.length && got > 0; filled += got) got = readSync(fd, bytes, filled, bytes.length - filled, null);
    bytes = bytes.subarray(0, filled);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    // A folder named like a source file cannot be opened for reading on every platform (EISDIR).
    if (code === 'EISDIR') return { ok: false, kind: 'skipped-not-a-file', message: 'skipped: not a regular file (directory)' };
    return { ok: false, kind: 'read-error', message: `cannot read file${brokenLinkNote(path, code)} (${code})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return decoded;
  if (!limits.includeMinified && looksMinified(decoded.text)) {
    return { ok: false, kind: 'skipped-minified', message: 'skipped: looks minified (very long lines); pass --include-minified to scan it' };
  }
  return decoded;
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Names the usual cause of ENOENT/ELOOP for a path the folder walk did list: a symbolic link that leads nowhere. */
function brokenLinkNote(path: string, code: string): string {
  if (code !== 'ENOENT' && code !== 'ELOOP') return '';
  try {
    if (!lstatSync(path).isSymbolicLink()) return '';
  } catch {
    return code === 'ENOENT' ? ': it disappeared during the scan' : '';
  }
  return code === 'ELOOP' ? ': symbolic link loop' : ': symbolic link to a missing target';
}

function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'named pipe';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'special file';
}

export function decodeSource(bytes: Uint8Array): ReadOutcome {
  const decoded = decodeBytes(bytes);
  if (decoded.ok) decoded.text = normalizeLoneCarriageReturns(decoded.text);
  return decoded;
}

/**
 * Old Mac line endings: a lone CR ends a line for babel and for editors, but not for the Vue SFC parser, which
 * then places a <script> block on the wrong line. Turning each lone CR into LF keeps every offset and column (one
 * code unit for one) and means the same to JavaScript: a raw CR or LF in a string literal is a syntax error either
 * way, and template literals read both as LF.
 */
export function normalizeLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function decodeBytes(bytes: Uint8Array): ReadOutcome {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // A BOM is text, not a character of the program: drop it (positions then match editors, which hide it).
    return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset + 3, bytes.length - 3).toString('utf8') };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { ok: true, text: new TextDecoder(encoding).decode(bytes.subarray(2)), note: { kind: 'decoded-utf16', message: `decoded as ${encoding.toUpperCase()} (byte-order mark)` } };
  }
  if (hasNulByte(bytes)) return { ok: false, kind: 'skipped-binary', message: 'skipped: binary file (contains NUL bytes)' };
  if (isUtf8(bytes)) return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') };
  try {
    return { ok: true, text: gb18030.decode(bytes), note: { kind: 'decoded-gb18030', message: 'not valid UTF-8; decoded as GB18030' } };
  } catch {
    return {
      ok: true,
      text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'),
      note: { kind: 'decoded-lossy', message: 'not valid UTF-8; invalid bytes replaced with U+FFFD' },
    };
  }
}

function hasNulByte(bytes: Uint8Array): boolean {
  // indexOf is a native byte search, many times faster than a loop here, and this runs on every file.
  return bytes.subarray(0, 8192).indexOf(0) !== -1;
}

/** Minified bundles: few, very long lines. Hand-written code rarely averages over 300 characters a line. */
export function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  // Old Mac line endings (lone CR) are still line breaks.
  const newline = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  // A text no longer than the longest line allowed needs only enough lines to keep the average down: stop counting
  // there instead of walking every line of every file.
  const linesNeeded = text.length <= MAX_LINE ? Math.ceil(text.length / MAX_AVERAGE_LINE) : Infinity;
  let lines = 1;
  let longest = 0;
  let lineStart = 0;
  for (let index = text.indexOf(newline); index !== -1; index = text.indexOf(newline, index + 1)) {
    lines++;
    if (lines >= linesNeeded) return false;
    if (index - lineStart > longest) longest = index - lineStart;
    lineStart = index + 1;
  }
  if (text.length - lineStart > longest) longest = text.length - lineStart;
  return text.length / lines > MAX_AVERAGE_LINE || longest > MAX_LINE;
}

const MAX_AVERAGE_LINE = 300;
const MAX_LINE = 20_000;

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
