// A memo of the last plain run, so that re-running the same command on an
// unchanged tree prints its report without loading the linter: what the run
// printed, and the state of every file and folder it looked at. It is
// written only by a run that linted nothing on worker threads, so the main
// thread made every read; each read is recorded as it happens (the fs
// functions are wrapped, as build tools trace a command's reads), rather
// than listed by hand, where one forgotten lookup would replay a stale report.
// This module (checking and replaying a memo) is loaded before the linter
// and imports nothing of it; runRecorder.ts writes memos.
import fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildStamp } from '../core/buildStamp';

export const MEMO_FILE = 'last-run.json';
const FORMAT = 1;
/** Larger reports are not memoized: reading one back would cost what it saves. */
export const MAX_MEMO_BYTES = 16 * 1024 * 1024;
/** As the result cache's: a file changed this soon after a timestamp could change unseen on a coarse file system. */
export const RACY_MS = 2000;

/** What must be equal for a report to be reused: the command, where and how it runs, and the build. */
export function memoKey(argv: readonly string[], dist: string): string {
  const build = buildStamp(dirname(dist), ['dist/cli.js', 'dist/cli-replay.js']);
  // Who runs it: another user may not read the same files.
  const user = [process.getuid?.(), process.getgid?.(), process.getgroups?.()];
  return JSON.stringify([FORMAT, argv, process.cwd(), process.version, process.env.STACKLINT_CACHE_DIR ?? null, !!process.stdout.isTTY, !!process.stderr.isTTY, user, build]);
}

/**
 * The result cache's folder, found from the command line alone as the CLI
 * finds it (`--no-cache`, then `--cache-dir`, then STACKLINT_CACHE_DIR):
 * the replay must know it before the CLI's option parser is loaded.
 */
export function memoFolder(argv: readonly string[], defaultFolder: string): string | undefined {
  let folder: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg === '--no-cache') return undefined;
    if (arg === '--cache-dir') folder = argv[++i];
    else if (arg.startsWith('--cache-dir=')) folder = arg.slice('--cache-dir='.length);
  }
  const chosen = folder ?? (process.env.STACKLINT_CACHE_DIR || undefined) ?? defaultFolder;
  return chosen ? resolve(chosen) : undefined;
}

export type Kind = 'stat' | 'lstat' | 'list' | 'entries' | 'real';

/** The files stacklint itself writes in the cache folder (and the temporary names it writes them under), which no report depends on. */
const OWN_FILE = /^(?:(?:results|editor|last-run)\.json(?:\.\d+\.\d+\.tmp)?|\.gitignore\.\d+\.\d+\.tmp)$/;

/** Whether `path` has the name of one of stacklint's own files in `folder` (a look that is no listing must still be at a file). */
export function isOwnFile(folder: string, path: string): boolean {
  return dirname(path) === folder && OWN_FILE.test(basename(path));
}

/** The cache folder's listing as an 'entries' signature: what it holds besides stacklint's own files, by name and kind. */
export function entriesSignature(entries: readonly fs.Dirent[]): string {
  return entries
    .filter((entry) => !(entry.isFile() && OWN_FILE.test(String(entry.name))))
    .map((entry) => `${entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : 'o'}${String(entry.name)}`)
    .sort()
    .join('/');
}

/**
 * What a look at a path saw. A folder's listing is its timestamps, since
 * adding, removing or renaming an entry changes them; the cache folder's
 * ('entries') is the names and kinds of what it holds besides stacklint's
 * own files, which each run rewrites. A folder merely stat'ed is only a
 * folder (its timestamps change with every entry, and /tmp's all the
 * time). A file is its size, timestamps and inode.
 */
export function signature(kind: Kind, path: string): string {
  try {
    if (kind === 'real') return original.realpathSync(path);
    if (kind === 'entries') return entriesSignature(original.readdirSync(path, { withFileTypes: true }));
    return statsSignature(kind, kind === 'lstat' ? original.lstatSync(path) : original.statSync(path));
  } catch (error) {
    return errorSignature(error);
  }
}

export function statsSignature(kind: Kind, stats: fs.Stats): string {
  if (kind === 'list' || stats.isFile() || stats.isSymbolicLink()) return `${stats.mode}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
  return stats.isDirectory() ? 'folder' : `${stats.mode}`;
}

export function errorSignature(error: unknown): string {
  return `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;
}

/** Whether a signature's timestamps are less than RACY_MS before `since` (or after it): such a state is not trusted. */
export function isRacySignature(sig: string, since: number): boolean {
  const parts = sig.split(':');
  if (parts.length !== 5) return false;
  return since - Number(parts[2]) < RACY_MS || since - Number(parts[3]) < RACY_MS;
}

/** A path with `.`, `..` or an empty step, which must be resolved before it is compared. */
export const UNNORMAL = /[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}|\\/;

export const original = { statSync: fs.statSync, lstatSync: fs.lstatSync, existsSync: fs.existsSync, readdirSync: fs.readdirSync, readFileSync: fs.readFileSync, openSync: fs.openSync, realpathSync: fs.realpathSync };

/** With STACKLINT_REPLAY=trace, why a report was or was not replayed or memoized. */
export function trace(message: string): void {
  if (process.env.STACKLINT_REPLAY === 'trace') process.stderr.write(`stacklint: replay: ${message}\n`);
}

/**
 * The memo file: this as one line of JSON, then the report's stdout and
 * stderr as they were printed, so that checking a memo parses only the
 * paths, never the report.
 */
export interface MemoHeader {
  key: string;
  savedAt: number;
  records: [Kind, string, string][];
  /** Where the report's run time stands in stdout, replaced by the replay's own. */
  seconds?: [number, number];
  exitCode: number;
  stdoutLength: number;
  stderrLength: number;
}

/** How every memo starts (its header's first field): only such a file is ever removed. */
const MEMO_START = `{"key":"[${FORMAT},`;

/**
 * Removes the memo at `path`, but only when it is one: a cache folder given
 * on the command line may be reached through a link a repository planted,
 * and a file of the same name there is not stacklint's to delete.
 */
export function removeMemo(path: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const start = Buffer.alloc(MEMO_START.length);
    const isMemo = fs.fstatSync(fd).isFile() && fs.readSync(fd, start, 0, start.length, 0) === start.length && start.toString('utf8') === MEMO_START;
    fs.closeSync(fd);
    fd = undefined;
    if (isMemo) fs.rmSync(path, { force: true });
  } catch {
    // No memo, or one that cannot be removed: its next check fails all the same.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Prints the last run's report when this is the same command, in the same
 * place, with the same build, and nothing it looked at has changed; false
 * (having printed nothing) otherwise. STACKLINT_REPLAY=0 turns it off;
 * STACKLINT_REPLAY=trace says on stderr why a report was or was not replayed.
 */
export function replayLastRun(argv: readonly string[], dist: string, defaultFolder: string, startedAt: bigint): boolean {
  if (process.env.STACKLINT_REPLAY === '0') return false;
  const folder = memoFolder(argv, defaultFolder);
  if (!folder) return false;
  const memo = readMemo(join(folder, MEMO_FILE));
  const miss = (why: string) => (trace(why), false);
  if (!memo) return miss('no memo');
  const { header } = memo;
  if (header.key !== memoKey(argv, dist)) return miss('the memo is of another command, folder or build');
  for (const [kind, path, sig] of header.records) {
    if (signature(kind, path) !== sig) return miss(`${path} changed`);
  }
  const report = memo.report();
  if (!report) return miss('the memo is damaged');
  let stdout = report.stdout;
  if (header.seconds) {
    const [at, length] = header.seconds;
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    stdout = stdout.slice(0, at) + seconds.toFixed(2) + stdout.slice(at + length);
  }
  trace(`the last run's report (${header.records.length} paths unchanged)`);
  process.stderr.write(report.stderr);
  process.stdout.write(stdout);
  process.exitCode = header.exitCode;
  return true;
}

/**
 * The memo's header, and a way to its report, when it is a regular file
 * this stacklint wrote: its mtime is when it says it was saved, which a
 * memo committed to a repository cannot know.
 */
function readMemo(path: string): { header: MemoHeader; report: () => { stdout: string; stderr: string } | undefined } | undefined {
  let fd: number | undefined;
  try {
    // Not through a link, and never waiting on a FIFO.
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_MEMO_BYTES * 3) return undefined;
    const bytes = Buffer.alloc(stats.size);
    if (fs.readSync(fd, bytes, 0, stats.size, 0) !== stats.size) return undefined;
    const newline = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as MemoHeader;
    if (!isHeader(header) || Math.abs(stats.mtimeMs - header.savedAt) >= RACY_MS) return undefined;
    const report = () => {
      const body = bytes.subarray(newline + 1).toString('utf8');
      if (body.length !== header.stdoutLength + header.stderrLength) return undefined;
      const stdout = body.slice(0, header.stdoutLength);
      if (header.seconds && header.seconds[0] + header.seconds[1] > stdout.length) return undefined;
      return { stdout, stderr: body.slice(header.stdoutLength) };
    };
    return { header, report };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isHeader(value: MemoHeader): boolean {
  const { key, savedAt, records, seconds, exitCode, stdoutLength, stderrLength } = value ?? {};
  if (typeof key !== 'string' || typeof savedAt !== 'number' || (exitCode !== 0 && exitCode !== 1) || !Number.isInteger(stdoutLength) || !Number.isInteger(stderrLength)) return false;
  if (!Array.isArray(records) || !records.every((record) => Array.isArray(record) && record.length === 3 && record.every((part) => typeof part === 'string'))) return false;
  return seconds === undefined || (Array.isArray(seconds) && seconds.length === 2 && seconds.every((n) => Number.isInteger(n) && n >= 0));
}
