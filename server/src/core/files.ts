import { closeSync, fstatSync, lstatSync, openSync, readSync, realpathSync, constants } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { decodeSource, MAX_FILE_BYTES } from './decode';

/** Why a file next to the linted one was not read. */
export type FileRead = { ok: true; text: string } | { ok: false; absent: boolean; reason: string };

/** True when `path` lies inside `root` (both already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Reads a configuration or sibling file only when it is a regular file that
 * (after following links) stays inside `root`, and is at most `maxBytes`:
 * a FIFO would block forever, a device or a link to /dev/zero would never
 * end, and a link out of the workspace would let a repository read or edit
 * files it does not own.
 */
export function readWorkspaceFile(path: string, options: { root: string; maxBytes?: number }): FileRead {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const target = resolve(path);
  try {
    lstatSync(target);
  } catch {
    return { ok: false, absent: true, reason: 'does not exist' };
  }
  let real: string;
  let root: string;
  try {
    real = realpathSync(target);
    root = realpathSync(options.root);
  } catch {
    return { ok: false, absent: false, reason: 'is a broken link' };
  }
  if (!isInside(root, real)) return { ok: false, absent: false, reason: 'lies outside the workspace' };
  let fd: number | undefined;
  try {
    // O_NONBLOCK so that opening a FIFO never waits for a writer.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, absent: false, reason: 'is not a regular file' };
    if (stat.size > maxBytes) return { ok: false, absent: false, reason: `is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB` };
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const decoded = decodeSource(bytes.subarray(0, read), false);
    return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, absent: false, reason: decoded.reason };
  } catch (error) {
    return { ok: false, absent: false, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
