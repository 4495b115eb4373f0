// The result cache shared by the CLI and the server, as Ruff's .ruff_cache:
// per file, the findings keyed by the file's content, the effective
// configuration (which carries the policy), stacklint's version, and the
// content of every other file the lint read (a sibling requirements file, a
// pyproject.toml). Size and mtime are a fast pre-check before hashing.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, parse, sep } from 'node:path';
import type { StacklintConfig } from '../core/config';
import { fileNotice, isInside, readWorkspaceBytes, readWorkspaceFile, realpath } from '../core/files';

export const CACHE_DIR = '.stacklint_cache';
/** The CLI's index; the language server keeps its own beside it (results of another shape). */
export const CLI_INDEX = 'results.json';
/** Bumped when the entry format changes, beside stacklint's own version. */
const FORMAT = 3;
/** An index is about 270 bytes per file: this holds a million files, and refuses a link to an endless device. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const GITIGNORE = '# Automatically created by stacklint.\n*\n';

export interface CachedFile<T> {
  size: number;
  mtimeMs: number;
  /** Changes with every write, also one that restores size and mtime (`touch -d`, `cp -p`): then the content is hashed. */
  ctimeMs: number;
  hash: string;
  settings: string;
  /** Other files read while linting, by path: the hash of their text, or null when absent or unreadable. */
  reads: Record<string, string | null>;
  /** Stored within a second or two of the file's mtime: a later write may keep size and mtime, so hash it. */
  racy?: boolean;
  results: T;
}

/**
 * The index as stored: a warm run reads all of it before answering a single
 * file, so each entry is a tuple and each settings key is written once.
 */
interface IndexFile<T> {
  format: number;
  version: string;
  /** When the index was written: its file's mtime must match, as a copy committed to a repository cannot. */
  savedAt: number;
  settings: string[];
  files: Record<string, StoredFile<T>>;
}

/** size, mtimeMs, ctimeMs, hash, settings (an index into IndexFile.settings), reads, results, and 1 when racy. */
type StoredFile<T> = [number, number, number, string, number, Record<string, string | null>, T, 0 | 1];

/** A stored entry as this build wrote it, or undefined: a damaged index (or one written by hand) must not crash a run. */
function fromStored<T>(stored: StoredFile<T>, settings: string[], isResults: (value: unknown) => value is T): CachedFile<T> | undefined {
  if (!Array.isArray(stored) || stored.length !== 8 || settings[stored[4]] === undefined) return undefined;
  const [size, mtimeMs, ctimeMs, hash, settingsIndex, reads, results, racy] = stored;
  if ([size, mtimeMs, ctimeMs].some((n) => typeof n !== 'number') || typeof hash !== 'string' || !isReads(reads) || !isResults(results)) return undefined;
  return { size, mtimeMs, ctimeMs, hash, settings: settings[settingsIndex], reads, results, racy: racy === 1 };
}

function isReads(value: unknown): value is Record<string, string | null> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((hash) => hash === null || typeof hash === 'string');
}

function toStored<T>(files: Record<string, CachedFile<T>>): Pick<IndexFile<T>, 'settings' | 'files'> {
  const settings = new Map<string, number>();
  const stored: Record<string, StoredFile<T>> = {};
  for (const [path, entry] of Object.entries(files)) {
    let index = settings.get(entry.settings);
    if (index === undefined) settings.set(entry.settings, (index = settings.size));
    stored[path] = [entry.size, entry.mtimeMs, entry.ctimeMs, entry.hash, index, entry.reads, entry.results, entry.racy ? 1 : 0];
  }
  return { settings: [...settings.keys()], files: stored };
}

export function hashText(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Per configuration, its key with each `extra` (by default ''): a warm run asks once per file, so hashing once per folder matters. */
const settingsKeys = new WeakMap<StacklintConfig, Map<string, string>>();

/**
 * A key for everything in the configuration that can change findings (policy
 * included), with `extra` (what a front end adds) and the configuration's
 * `problems`: a policy file that went missing leaves the configuration as it
 * was, but adds a problem.
 */
export function settingsKey(config: StacklintConfig, extra = '', problems: readonly unknown[] = []): string {
  if (problems.length > 0) extra = `${extra}\0${JSON.stringify(problems)}`;
  let keys = settingsKeys.get(config);
  if (!keys) {
    // Maps (the policy's rows) are written out as entries: JSON would write every Map as {}.
    const key = hashText(JSON.stringify(config, (_key, value: unknown) => (value instanceof Map ? [...value] : value)));
    settingsKeys.set(config, (keys = new Map([['', key]])));
  }
  let key = keys.get(extra);
  if (key === undefined) keys.set(extra, (key = hashText(keys.get('') + extra)));
  return key;
}

/** The hash of another file as the lint would read it, or null when it cannot be read. */
export function hashOfRead(path: string, root: string): string | null {
  const read = readWorkspaceFile(path, { root });
  return read.ok ? hashText(read.text) : null;
}

/** Timestamps may be coarse (a second on some file systems): a file written this recently before it was read could change unseen. */
function isRacy(mtimeMs: number, readAt = Date.now()): boolean {
  return readAt - mtimeMs < 2000;
}

/** The part of an open file's stat the cache keeps (a plain object, so it can cross to the main thread). */
export function statOfRead(stats: { size: number; mtimeMs: number; ctimeMs: number }): LintedFile['stat'] {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** What was linted, as read: its size and hash, the stat of the open file, and when it was read. */
export interface LintedFile {
  size: number;
  hash: string;
  stat: { size: number; mtimeMs: number; ctimeMs: number };
  readAt: number;
}

export interface OpenOptions<T> {
  /** The index's file name in the folder; by default the CLI's. */
  name?: string;
  /** Suits one CLI run, which sees each file as it was when first read; a long-lived server must not set it. */
  stableReads?: boolean;
  /** Whether a stored result has the shape the caller keeps: entries that do not are dropped, not trusted. */
  isResults: (value: unknown) => value is T;
  /** The workspace: where the cache folder lies inside it, no folder on the way may be a link. */
  workspace?: string;
}

/**
 * One cache folder's results. Loaded once, consulted per file, and written
 * back atomically at the end of a run (a temporary file renamed over the
 * index), so concurrent runs never see a half-written file: the last writer
 * wins and each writer's entries are valid.
 */
export class ResultCache<T> {
  private readonly files: Record<string, CachedFile<T>>;
  private dirty = false;
  /** With `stableReads`, the hash of each other file as first read: a run that reads a file once per dependent need not hash it each time. */
  private readonly readHashes?: Map<string, string | null>;
  /** The files this run asked about or stored: under a folder it walked, the others are gone. */
  private readonly seen = new Set<string>();
  hits = 0;
  misses = 0;
  /** The folder was refused or its index could not be read (a notice said why). */
  trouble = false;

  private constructor(
    readonly dir: string,
    private readonly version: string,
    files: Record<string, CachedFile<T>>,
    private readonly index: string,
    stableReads: boolean,
    /** False when the folder is a link or not a folder: the cache is then neither read nor written. */
    private readonly usable: boolean,
    private readonly workspace: string | undefined,
  ) {
    this.files = files;
    if (stableReads) this.readHashes = new Map();
  }

  /**
   * Opens the index `name` (by default the CLI's) in the cache folder `dir` (by default
   * `.stacklint_cache`); a missing, stale or corrupt index starts empty.
   */
  static open<T>(dir: string, version: string, { name = CLI_INDEX, stableReads = false, isResults, workspace }: OpenOptions<T>): ResultCache<T> {
    // No prototype: a file named __proto__ is an entry like any other.
    const files: Record<string, CachedFile<T>> = Object.create(null);
    const refused = refusedFolder(dir, workspace);
    if (refused) {
      fileNotice(dir, `not using the result cache in ${dir}: ${refused}`);
      const cache = new ResultCache(dir, version, files, name, stableReads, false, workspace);
      cache.trouble = true;
      return cache;
    }
    // Read as any workspace file is: a regular file inside the folder, never a FIFO or a link to a device.
    const read = readWorkspaceBytes(join(dir, name), { root: dir, maxBytes: MAX_INDEX_BYTES });
    const unreadable = !read.ok && !read.missing;
    if (unreadable) fileNotice(join(dir, name), `${join(dir, name)}: ${read.reason}; not read (the result cache starts afresh)`);
    try {
      const index = read.ok ? (JSON.parse(read.bytes.toString('utf8')) as IndexFile<T>) : undefined;
      if (read.ok && index?.format === FORMAT && index.version === version && writtenHere(read.stats.mtimeMs, index.savedAt) && Array.isArray(index.settings) && typeof index.files === 'object' && index.files) {
        for (const [path, stored] of Object.entries(index.files)) {
          const entry = fromStored(stored, index.settings, isResults);
          if (entry) files[path] = entry;
        }
      }
    } catch {
      // A cache written by another version, or damaged: start afresh.
    }
    const cache = new ResultCache(dir, version, files, name, stableReads, true, workspace);
    cache.trouble = unreadable;
    return cache;
  }

  /**
   * The cached results for a file, when its content (by size and mtime, or
   * else by hash), its settings and every file it read are unchanged.
   * `readBytes` is called only when the pre-check cannot decide. A result
   * that read a file `overridden` says is not on disk as read (an editor
   * buffer with unsaved changes) is not used.
   */
  lookup(path: string, settings: string, root: string, readBytes: () => Uint8Array | undefined, overridden?: (path: string) => boolean): T | undefined {
    this.seen.add(path);
    const entry = this.files[path];
    const usable = entry && entry.settings === settings && !(overridden && Object.keys(entry.reads).some(overridden));
    const result = usable ? this.check(path, entry, root, readBytes) : undefined;
    if (result === undefined) this.misses++;
    else this.hits++;
    return result;
  }

  private check(path: string, entry: CachedFile<T>, root: string, readBytes: () => Uint8Array | undefined): T | undefined {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (stat.size !== entry.size) return undefined;
    if (stat.mtimeMs !== entry.mtimeMs || stat.ctimeMs !== entry.ctimeMs || entry.racy) {
      const bytes = readBytes();
      if (!bytes || hashText(bytes) !== entry.hash) return undefined;
      const racy = isRacy(stat.mtimeMs);
      // A still-racy entry that was confirmed again changes nothing: rewriting the index for it would cost every re-run.
      if (entry.mtimeMs !== stat.mtimeMs || entry.ctimeMs !== stat.ctimeMs || entry.racy !== racy) {
        entry.mtimeMs = stat.mtimeMs;
        entry.ctimeMs = stat.ctimeMs;
        entry.racy = racy;
        this.dirty = true;
      }
    }
    for (const [other, hash] of Object.entries(entry.reads)) {
      if (this.hashOfRead(other, root) !== hash) return undefined;
    }
    return entry.results;
  }

  private hashOfRead(path: string, root: string): string | null {
    if (!this.readHashes) return hashOfRead(path, root);
    // Keyed by root too: whether a file may be read depends on the workspace it is read for.
    const key = `${root}\0${path}`;
    let hash = this.readHashes.get(key);
    if (hash === undefined) this.readHashes.set(key, (hash = hashOfRead(path, root)));
    return hash;
  }

  /** Records a file's results; `bytes` is exactly what was linted (the file is stat'ed now). */
  store(path: string, bytes: Uint8Array, settings: string, reads: Record<string, string | null>, results: T): void {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    this.storeLinted(path, { size: bytes.length, hash: hashText(bytes), stat: statOfRead(stat), readAt: Date.now() }, settings, reads, results);
  }

  /**
   * Records a file's results by what was linted, described where it was
   * read (a worker): its size and hash, and the stat of the open file, so an
   * edit made after the read (while other files were linted) is not taken
   * for the text linted.
   */
  storeLinted(path: string, linted: LintedFile, settings: string, reads: Record<string, string | null>, results: T): void {
    const { stat } = linted;
    // A file that grew or shrank while it was read is not cached: the results would describe other text.
    if (stat.size !== linted.size) return;
    this.files[path] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, hash: linted.hash, settings, reads, results, racy: isRacy(stat.mtimeMs, linted.readAt) };
    this.dirty = true;
  }

  /**
   * Forgets the files under `root` this run neither asked about nor stored:
   * after a walk of `root` those are deleted, renamed or now excluded, and
   * would otherwise stay in the index, which every warm run reads whole.
   */
  forgetUnseen(root: string): void {
    for (const path of Object.keys(this.files)) {
      if (this.seen.has(path) || !isInside(root, path)) continue;
      delete this.files[path];
      this.dirty = true;
    }
  }

  /** Writes the index back when anything changed. Never throws: a cache that cannot be written is only slower. */
  save(): void {
    if (!this.dirty || !this.usable) return;
    try {
      // Checked again: a folder on the way could have been replaced by a link since the index was read.
      if (refusedFolder(this.dir, this.workspace)) return;
      const created = !existsSync(this.dir);
      mkdirSync(this.dir, { recursive: true });
      // Like .ruff_cache, a folder stacklint creates keeps itself out of git; an existing one (`--cache-dir .`) keeps its own .gitignore.
      if (created) writeReplacing(join(this.dir, '.gitignore'), GITIGNORE);
      const index: IndexFile<T> = { format: FORMAT, version: this.version, savedAt: Date.now(), ...toStored(this.files) };
      writeReplacing(join(this.dir, this.index), JSON.stringify(index), index.savedAt);
      this.dirty = false;
    } catch {
      // A read-only checkout: lint without caching.
    }
  }
}

/**
 * Why the cache folder cannot be used, or undefined when it can (or does
 * not exist yet). Its path is followed one folder at a time from the root:
 * a link that lies inside the workspace (a repository can hold one) would
 * have stacklint write wherever it points, so it is refused; links outside
 * it (a home folder, a cwd reached through a link) are the user's own.
 */
export function refusedFolder(dir: string, workspace: string | undefined): string | undefined {
  const realWorkspace = workspace === undefined ? undefined : realpath(workspace);
  const inside = (path: string) => realWorkspace === undefined || isInside(realWorkspace, path);
  const { root } = parse(dir);
  let current = root;
  const steps = dir.slice(root.length).split(sep).filter(Boolean);
  for (const [index, step] of steps.entries()) {
    const next = join(current, step);
    let stats;
    try {
      stats = lstatSync(next);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // What does not exist yet is created as real folders.
      return code === 'ENOENT' ? undefined : `cannot read ${next} (${code})`;
    }
    const it = index === steps.length - 1 ? 'it' : next;
    if (stats.isSymbolicLink()) {
      if (inside(next)) return `${it} is a symbolic link (pass --cache-dir with the folder it points to)`;
      current = realpath(next);
    } else if (stats.isDirectory()) {
      current = next;
    } else {
      return `${it} is not a folder`;
    }
  }
  return undefined;
}

/**
 * Whether the index file's mtime (of the file as read) is when stacklint
 * wrote it: one committed to a repository gets the checkout's time, which
 * whoever forged it could not know, so its results are not trusted. A copy
 * that keeps timestamps (a CI cache restored) still matches.
 */
function writtenHere(mtimeMs: number, savedAt: unknown): boolean {
  return typeof savedAt === 'number' && Math.abs(mtimeMs - savedAt) < 2000;
}

/**
 * Writes a new file beside `path` and renames it over `path`: concurrent
 * readers see the old file or the new one, never half of one, and a link
 * or FIFO planted at `path` is replaced rather than written through.
 */
function writeReplacing(path: string, data: string, mtimeMs?: number): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    // 'wx' creates the file or fails: a link planted under the temporary name is not followed either.
    writeFileSync(temporary, data, { flag: 'wx' });
    // Stamped, so that however long a large index takes to write, its mtime is the time it records.
    if (mtimeMs !== undefined) utimesSync(temporary, mtimeMs / 1000, mtimeMs / 1000);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
