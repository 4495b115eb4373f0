// Writes the memo of a run (runMemo.ts reads it): every path the main
// thread looks at during the run, recorded by wrapping the fs functions.
// It takes the fs module object itself (a default import), through which
// every other module calls.
import fs from 'node:fs';
import { join, resolve, sep } from 'node:path';
import {
  entriesSignature, errorSignature, isOwnFile, isRacySignature, type Kind, MAX_MEMO_BYTES, MEMO_FILE, memoKey, type MemoHeader,
  original, RACY_MS, removeMemo, signature, statsSignature, trace, UNNORMAL,
} from './runMemo';

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
          // The cache folder's listing has no timestamps to check later: it is signed by what this call saw.
          else if (kind === 'list') this.record(kind, args[0], () => (Array.isArray(result) && result.every((entry) => entry instanceof fs.Dirent) ? entriesSignature(result) : 'unsigned'));
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
    // folder itself exists once the first run made it, and one refused as a link leaves no memo. Its
    // listing, though, is signed by what else it holds (as this call saw it); other listings by timestamps.
    if (kind !== 'list' && (isOwnFile(this.folder, absolute) || absolute === this.folder)) return;
    if (kind === 'list') {
      if (absolute === this.folder) kind = 'entries';
      else seen = undefined;
    }
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
      removeMemo(path);
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
