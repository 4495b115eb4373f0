import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { collectFiles } from '../server/src/engine/walk';
import { decodeSource } from '../server/src/core/decode';
import { fileKind } from '../server/src/engine/lint';

/** One decoded Python file, held in memory so reading never counts as linting. */
export interface CorpusFile {
  path: string;
  /** Slash-separated path relative to the corpus root, as reports show it. */
  rel: string;
  text: string;
}

export interface Corpus {
  root: string;
  files: CorpusFile[];
  lines: number;
  bytes: number;
  /** Files both engines never see, with the reason (invalid UTF-8, unknown coding, binary). */
  skipped: { rel: string; reason: string }[];
}

/**
 * Reads every Python file (or every file of `kinds`) the CLI would walk under `root` (same walker, same
 * excluded folders, so `site-packages` stays out), decoding as the CLI does.
 * Both engines then lint exactly these strings.
 */
export function loadCorpus(root: string, kinds: readonly string[] = ['python']): Corpus {
  const paths = collectFiles(root, () => false).filter((path) => kinds.includes(fileKind(path) ?? ''));
  const corpus: Corpus = { root, files: [], lines: 0, bytes: 0, skipped: [] };
  for (const path of paths) {
    const rel = relative(root, path).split(sep).join('/');
    const bytes = readFileSync(path);
    const decoded = decodeSource(bytes, true);
    if (!decoded.ok) {
      corpus.skipped.push({ rel, reason: decoded.reason });
      continue;
    }
    corpus.files.push({ path, rel, text: decoded.text });
    corpus.bytes += bytes.length;
    corpus.lines += countLines(decoded.text);
  }
  return corpus;
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}

const REPO = resolve(__dirname, '../..');

/** name → folder, from bench/corpora.sh (which downloads and unpacks on first use). */
export function knownCorpora(): Map<string, string> {
  const out = execFileSync('sh', [resolve(REPO, 'bench/corpora.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return new Map(out.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}
