// Reading a configuration file (inventory, policy) that the user names: only a regular file, never more than a limit.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UsageError } from '../errors.js';

export type FileType = 'directory' | 'named pipe' | 'socket' | 'device' | 'special file';

export type RegularFileRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'not-a-file'; type: FileType }
  | { ok: false; reason: 'too-large'; size: number };

/**
 * The bytes of `path` when it is a regular file of at most `maxBytes`. Opened first, then asked what it is (fstat):
 * a path checked before opening can be swapped for a FIFO in between, and reading a FIFO blocks forever; O_NONBLOCK
 * makes opening one return at once (no effect on regular files; undefined on Windows). Errors other than "this is a
 * folder" (ENOENT, EACCES, …) are thrown as they are.
 */
export function readRegularFile(path: string, maxBytes: number): RegularFileRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: 'not-a-file', type: fileType(stats) };
    if (stats.size > maxBytes) return { ok: false, reason: 'too-large', size: stats.size };
    // Exactly the size fstat gave (at most maxBytes): a file that grows while it is read cannot make the read unbounded.
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    for (let got = 1; filled < bytes.length && got > 0; filled += got) got = readSync(fd, bytes, filled, bytes.length - filled, null);
    return { ok: true, bytes: bytes.subarray(0, filled) };
  } catch (error) {
    // Windows cannot open a folder for reading.
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return { ok: false, reason: 'not-a-file', type: 'directory' };
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileType(stats: Stats): FileType {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'named pipe';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'special file';
}

/** The text of a file the user names (baseline, shard report): a UsageError, never a hang, for anything else. */
export function readUserTextFile(path: string, display: string, what: string, maxBytes: number): string {
  const read = readRegularFile(path, maxBytes);
  if (read.ok) return read.bytes.toString('utf8');
  if (read.reason === 'not-a-file') throw new UsageError('usage/not-a-file', `${display} is a ${read.type}, not a ${what}`);
  throw new UsageError('usage/too-large', `${display} is ${Math.ceil(read.size / 1024 / 1024)} MB, more than a ${what} can be (${Math.floor(maxBytes / 1024 / 1024)} MB)`);
}
