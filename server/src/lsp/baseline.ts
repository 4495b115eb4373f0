import { lstatSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BASELINE_FILE, type Baseline, BaselineMatcher, fingerprintFinding, MAX_BASELINE_BYTES, parseBaseline } from '../engine/baseline';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import type { BaselineDisplay } from './editorSettings';

interface Cached {
  mtimeMs: number;
  size: number;
  baseline: Baseline | undefined;
}

/**
 * The editor's view of `.stacklint-baseline.json`: read from the root of the
 * workspace folder that holds a document (the file the CLI writes when run
 * there), re-read when it changes on disk, and applied to each lint so
 * accepted findings show as hints or not at all.
 */
export class EditorBaseline {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly folders: () => string[],
    private readonly log: (message: string) => void,
  ) {}

  apply(path: string, text: string, findings: Finding[], display: BaselineDisplay): Finding[] {
    if (display === 'off' || findings.length === 0) return findings;
    const folder = this.folderOf(path);
    const baseline = folder && this.read(folder);
    if (!folder || !baseline) return findings;
    const file = relative(folder, path).split(sep).join('/');
    const entries = baseline.files[file];
    if (!entries) return findings;
    const lines = new LineIndex(text);
    // Findings arrive sorted by position, so repeated code matches in the order the CLI saw it.
    const matches = new BaselineMatcher({ files: { [file]: entries } }).match(
      file,
      findings.map((finding) => fingerprintFinding(lines, finding.rule, finding.range)),
    );
    if (display === 'hide') return findings.filter((_, index) => !matches[index]);
    return findings.map((finding, index) => (matches[index] ? { ...finding, severity: 'hint', message: `${finding.message} (in the baseline)` } : finding));
  }

  /** The innermost workspace folder holding the path. */
  private folderOf(path: string): string | undefined {
    const holding = this.folders().filter((folder) => path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
    return holding.sort((a, b) => b.length - a.length)[0];
  }

  private read(folder: string): Baseline | undefined {
    const file = join(folder, BASELINE_FILE);
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    // Only a regular file inside the workspace, never through a link, and never a huge one.
    if (!stat.isFile() || stat.size > MAX_BASELINE_BYTES) return undefined;
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.baseline;
    let baseline: Baseline | undefined;
    try {
      const parsed = parseBaseline(readFileSync(file, 'utf8'));
      if (typeof parsed === 'string') this.log(`${file} ignored: ${parsed}`);
      else baseline = parsed;
    } catch (error) {
      this.log(`cannot read ${file}: ${(error as Error).message}`);
    }
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, baseline });
    return baseline;
  }
}
