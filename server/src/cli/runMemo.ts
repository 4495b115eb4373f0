// A memo of the last plain run, so that re-running the same command on an
// unchanged tree prints its report without loading the linter: what the run
// printed, and the state of every file and folder it looked at. It is
// written only by a run that linted nothing on worker threads, so the main
// thread made every read; each read is recorded as it happens (the fs
// functions are wrapped, as build tools trace a command's reads), rather
// than listed by hand, where one forgotten lookup would replay a stale report.
// This module is loaded before the linter: it imports nothing of it, and
// takes the fs module object itself (a default import), through which every
// other module calls.
import fs from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

const MEMO_FILE = 'last-run.json';
const FORMAT = 1;
/** Larger reports are not memoized: reading one back would cost what it saves. */
const MAX_MEMO_BYTES = 16 * 1024 * 1024;
/** As the result cache's: a file changed this soon after a timestamp could change unseen on a coarse file system. */
const RACY_MS = 2000;

/** What must be equal for a report to be reused: the command, where and how it runs, and the build. */
function memoKey(argv: readonly string[], dist: string): string {
  const build = ['cli.js', 'cli-replay.js'].map((name) => signature('stat', join(dist, name)));
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

type Kind = 'stat' | 'lstat' | 'list' | 'entries' | 'real';

/** The files stacklint itself writes in the cache folder (and the temporary names it writes them under), which no report depends on. */
const OWN_FILE = /^(?:(?:results|editor|last-run)\.json(?:\.\d+\.\d+\.tmp)?|\.gitignore\.\d+\.\d+\.tmp)$/;

/** Whether `path` is one of stacklint's own files in `folder`. */
function isOwnFile(folder: string, path: string): boolean {
  return dirname(path) === folder && OWN_FILE.test(basename(path));
}

/**
 * What a look at a path saw. A folder's listing is its timestamps, since
 * adding, removing or renaming an entry changes them; the cache folder's
 * ('entries') is the names and kinds of what it holds besides stacklint's
 * own files, which each run rewrites. A folder merely stat'ed is only a
 * folder (its timestamps change with every entry, and /tmp's all the
 * time). A file is its size, timestamps and inode.
 */
function signature(kind: Kind, path: string): string {
  try {
    if (kind === 'real') return original.realpathSync(path);
    if (kind === 'entries') {
      const entries = original.readdirSync(path, { withFileTypes: true }).filter((entry) => !OWN_FILE.test(entry.name));
      return entries.map((entry) => `${entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : 'o'}${entry.name}`).sort().join('/');
    }
    return statsSignature(kind, kind === 'lstat' ? original.lstatSync(path) : original.statSync(path));
  } catch (error) {
    return errorSignature(error);
  }
}

function statsSignature(kind: Kind, stats: fs.Stats): string {
  if (kind === 'list' || stats.isFile() || stats.isSymbolicLink()) return `${stats.mode}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
  return stats.isDirectory() ? 'folder' : `${stats.mode}`;
}

function errorSignature(error: unknown): string {
  return `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;
}

/** Whether a signature's timestamps are less than RACY_MS before `since` (or after it): such a state is not trusted. */
function isRacySignature(sig: string, since: number): boolean {
  const parts = sig.split(':');
  if (parts.length !== 5) return false;
  return since - Number(parts[2]) < RACY_MS || since - Number(parts[3]) < RACY_MS;
}

/** A path with `.`, `..` or an empty step, which must be resolved before it is compared. */
const UNNORMAL = /[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}|\\/;

const original = { statSync: fs.statSync, lstatSync: fs.lstatSync, existsSync: fs.existsSync, readdirSync: fs.readdirSync, readFileSync: fs.readFileSync, openSync: fs.openSync, realpathSync: fs.realpathSync };

/** With STACKLINT_REPLAY=trace, why a report was or was not replayed or memoized. */
function trace(message: string): void {
  if (process.env.STACKLINT_REPLAY === 'trace') process.stderr.write(`stacklint: replay: ${message}\n`);
}

/**
 * The memo file: this as one line of JSON, then the report's stdout and
 * stderr as they were printed, so that checking a memo parses only the
 * paths, never the report.
 */
interface MemoHeader {
  key: string;
  savedAt: number;
  records: [Kind, string, string][];
  /** Where the report's run time stands in stdout, replaced by the replay's own. */
  seconds?: [number, number];
  exitCode: number;
  stdoutLength: number;
  stderrLength: number;
}

/**
 * Records every path the main thread looks at from now on, and what it
 * writes to stderr; `finish` writes the memo (or not) and puts everything
 * back. A stat or realpath call's own result is what the run saw; the
 * state of a path read or listed is taken when the memo is written, and
 * then only trusted when it is older than the run (isRacySignature): a
 * change made while the run read it would have a newer timestamp.
 */
export class RunRecorder {
  /** Per kind of look, each path's signature, or undefined until the memo is written. */
  private readonly seen = new Map<Kind, Map<string, string | undefined>>();
  private readonly stderr: string[] = [];
  private readonly startedAt = Date.now();
  private usable = true;
  private restore: (() => void)[] = [];

  constructor(private readonly argv: readonly string[], private readonly folder: string, private readonly dist: string) {
    const wrap = <K extends keyof typeof original>(name: K, kind: Kind) => {
      const fn = original[name] as (...args: unknown[]) => unknown;
      const answers = name === 'statSync' || name === 'lstatSync' || name === 'realpathSync';
      const wrapper = (...args: unknown[]) => {
        try {
          const result = fn(...args);
          if (answers) this.record(kind, args[0], kind === 'real' ? String(result) : result ? statsSignature(kind, result as fs.Stats) : 'error:ENOENT');
          // What was not there is signed now; what was is signed when the memo is written, and must still be there then.
          else if (name === 'existsSync' && result === false) this.record(kind, args[0], () => signature(kind, resolve(args[0] as string)));
          else this.record(kind, args[0], undefined);
          return result;
        } catch (error) {
          this.record(kind, args[0], errorSignature(error));
          throw error;
        }
      };
      // realpathSync.native and the like stay reachable.
      (fs as unknown as Record<string, unknown>)[name] = Object.assign(wrapper, fn);
      this.restore.push(() => ((fs as unknown as Record<string, unknown>)[name] = original[name]));
    };
    wrap('statSync', 'stat');
    wrap('lstatSync', 'lstat');
    wrap('existsSync', 'stat');
    wrap('readFileSync', 'stat');
    wrap('openSync', 'stat');
    wrap('readdirSync', 'list');
    wrap('realpathSync', 'real');
    const write = process.stderr.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.stderr.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (write as (...args: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
    }) as typeof process.stderr.write;
    this.restore.push(() => (process.stderr.write = write));
  }

  private record(kind: Kind, path: unknown, seen: string | (() => string) | undefined): void {
    if (typeof path === 'number') return;
    // A name that is not UTF-8 (a Buffer) cannot be kept in JSON and checked back as the same path.
    if (typeof path !== 'string') {
      this.usable = false;
      return;
    }
    // Most paths arrive absolute and normal, and resolving thousands costs more than the stats.
    const absolute = path.startsWith(sep) && !UNNORMAL.test(path) ? path : resolve(path);
    // The cache's index and this memo change with every run and are no input to the report; the cache
    // folder's listing is signed by what else it holds, at once, since it has no timestamps to check.
    // The folder itself exists once the first run made it, and one refused as a link leaves no memo.
    if (isOwnFile(this.folder, absolute) || (absolute === this.folder && kind !== 'list')) return;
    if (kind === 'list' && absolute === this.folder) [kind, seen] = ['entries', signature('entries', absolute)];
    let paths = this.seen.get(kind);
    if (!paths) this.seen.set(kind, (paths = new Map()));
    // The first look is what the run went by.
    if (!paths.has(absolute)) paths.set(absolute, typeof seen === 'function' ? seen() : seen);
  }

  /** Every look with its signature, taken now where the call gave none; undefined at the first too recent to trust. */
  private records(): { records: [Kind, string, string][] } | { racy: string } {
    const records: [Kind, string, string][] = [];
    for (const [kind, paths] of this.seen) {
      for (const [path, seen] of paths) {
        const sig = seen ?? signature(kind, path);
        // Gone since the run found it (or changed too recently to trust): its state during the run is not known.
        if ((seen === undefined && sig.startsWith('error:')) || isRacySignature(sig, this.startedAt)) return { racy: path };
        records.push([kind, path, sig]);
      }
    }
    return { records };
  }

  /** Stops recording and puts the fs functions and stderr back. */
  stop(): void {
    this.restore.forEach((undo) => undo());
    this.restore = [];
  }

  /**
   * Stops recording and writes the memo of a run that may be replayed, or,
   * given no report (files were linted on worker threads, or the report's
   * time cannot be told apart), removes the last run's memo, which no
   * longer matches and would only cost the next run a check. Called only
   * when the cache folder is one stacklint may write in. Never throws:
   * without a memo the next run is only slower.
   */
  finish(report: { stdout: string; seconds?: [number, number]; exitCode: number } | undefined, why = ''): void {
    this.stop();
    const path = join(this.folder, MEMO_FILE);
    const skip = (message: string) => {
      trace(`no memo: ${message}`);
      try {
        fs.rmSync(path, { force: true });
      } catch {
        // An unremovable memo fails its next check all the same.
      }
    };
    if (!report) return skip(why);
    if (!this.usable) return skip('a path is not UTF-8');
    if (report.stdout.length > MAX_MEMO_BYTES) return skip('the report is too large');
    const now = Date.now();
    const looked = this.records();
    if ('racy' in looked) return skip(`${looked.racy} changed during the run or less than ${RACY_MS / 1000} s before it`);
    const { records } = looked;
    const stderr = this.stderr.join('');
    const { stdout, seconds, exitCode } = report;
    const header: MemoHeader = { key: memoKey(this.argv, this.dist), savedAt: now, records, seconds, exitCode, stdoutLength: stdout.length, stderrLength: stderr.length };
    const temporary = `${path}.${process.pid}.${now}.tmp`;
    try {
      // Only into a folder the result cache has made (the caller checked that no link leads there).
      if (!original.lstatSync(this.folder).isDirectory()) return;
      fs.writeFileSync(temporary, `${JSON.stringify(header)}\n${stdout}${stderr}`, { flag: 'wx' });
      fs.utimesSync(temporary, now / 1000, now / 1000);
      fs.renameSync(temporary, path);
      trace(`memo of ${records.length} paths written`);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
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

/**
 * Where the run time stands in the report (the text summary's "in 0.08 s"):
 * found by rendering it again with a time no run takes, so a replay can
 * print its own. Undefined when the report shows no time; null when the
 * two renderings differ elsewhere too, which a replay would get wrong.
 */
export function timeIn(output: string, renderWith: (seconds: number) => string, seconds: number): [number, number] | undefined | null {
  // A report without its own time (JSON, SARIF) needs no second rendering.
  if (!output.includes(seconds.toFixed(2))) return undefined;
  const marker = 987654321.25;
  const template = renderWith(marker);
  const at = template.lastIndexOf(marker.toFixed(2));
  if (at < 0) return undefined;
  const shown = seconds.toFixed(2);
  if (template.slice(0, at) + shown + template.slice(at + marker.toFixed(2).length) !== output) return null;
  return [at, shown.length];
}
