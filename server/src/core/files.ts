import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { decodeSource, MAX_FILE_BYTES } from './decode';

/** Why a file next to the linted one was not read. */
export type FileRead = { ok: true; text: string } | { ok: false; absent: boolean; reason: string };

/** The last name in a path, after either separator (a Windows path may reach a POSIX server); cheaper than splitting the whole path, which the walk asks of every entry. */
export function lastName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

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

export interface ReadOptions {
  /** The file must resolve (symlinks followed) to a path inside this folder. */
  root?: string;
  maxBytes?: number;
}

export type BytesRead = { ok: true; bytes: Buffer; stats: Stats } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** The path with every link resolved, or the path itself when it cannot be resolved (it does not exist). */
export function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Reads a file's bytes if it is a regular file within the limits; never blocks on special files. */
export function readWorkspaceBytes(path: string | Buffer, options: ReadOptions = {}): BytesRead {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  try {
    lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true };
    return { ok: false, missing: false, reason: `cannot read (${code})` };
  }
  // A path given as bytes (a file name that is not UTF-8) stays bytes: decoded, it names no file.
  let real: string | Buffer;
  try {
    // The JS realpathSync decodes a Buffer path to a string on the way; the native one keeps the bytes.
    real = typeof path === 'string' ? realpathSync(path) : realpathSync.native(path, { encoding: 'buffer' });
  } catch (error) {
    // A dangling symlink is not "missing": creating the file would write through the link.
    return { ok: false, missing: false, reason: `cannot resolve (${(error as NodeJS.ErrnoException).code})` };
  }
  if (options.root !== undefined && !isInside(realpath(options.root), real.toString())) {
    // A file that is not a link is simply outside (a folder the editor has just added, say).
    const linked = real.toString() !== resolve(path.toString());
    return { ok: false, missing: false, reason: linked ? `a link to ${real}, outside ${options.root}` : `outside ${options.root}` };
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, missing: false, reason: `cannot open (${(error as NodeJS.ErrnoException).code})` };
  }
  try {
    // Checked on the open file, so a file swapped after the checks above is still caught.
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, missing: false, reason: `${kindOf(stats)}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, missing: false, reason: `larger than ${formatBytes(maxBytes)}` };
    // Read until the end rather than trusting the size: a file can grow while read.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stats.size - length, 64 * 1024), maxBytes + 1 - length));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > maxBytes) return { ok: false, missing: false, reason: `larger than ${formatBytes(maxBytes)}` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, length), stats };
  } catch (error) {
    return { ok: false, missing: false, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a fix may write the file at `path`: an existing regular file
 * that resolves inside one of `roots`, or (with `create`) a path that does
 * not exist yet, not even as a dangling link, in a folder inside one.
 */
export function mayWriteFile(path: string, roots: readonly string[], create: boolean): boolean {
  const realRoots = roots.map(realpath);
  const within = (real: string) => realRoots.some((root) => isInside(root, real));
  try {
    lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return false;
    try {
      return statSync(dirname(path)).isDirectory() && within(realpathSync(dirname(path)));
    } catch {
      return false;
    }
  }
  if (create) return false;
  try {
    const real = realpathSync(path);
    return within(real) && statSync(real).isFile();
  } catch {
    return false;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

export type TextRead = { ok: true; text: string } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

/**
 * Reads a configuration file as UTF-8 text under the same
 * guards. A file that exists but is refused is reported once through
 * fileNotice, with `consequence` saying what stacklint does without it.
 */
export function readConfigFile(path: string, options: ReadOptions & { consequence: string }): TextRead {
  const read = readWorkspaceBytes(path, options);
  if (read.ok) return { ok: true, text: read.bytes.toString('utf8') };
  if (!read.missing) fileNotice(path, `${path}: ${read.reason}; not read (${options.consequence})`);
  return read;
}

type NoticeSink = (message: string, path: string) => void;
let sink: NoticeSink | undefined;
const told = new Set<string>();

/** Where refused files are reported: stderr in the CLI, the output channel in the editor. */
export function onFileNotice(next: NoticeSink | undefined): void {
  sink = next;
}

/** Reports a refused file once per process, however many readers ask for it. */
export function fileNotice(path: string, message: string): void {
  if (told.has(path)) return;
  told.add(path);
  sink?.(message, path);
}
