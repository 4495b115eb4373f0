import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { collectFiles } from '../server/src/engine/walk';
import { type CliRun, type ProcessRun, runCli, runProcess } from './cliRun';
import type { RuffCliOutput } from './ruffCli';

/** The command-line runs of one corpus, each a fresh process. */
export interface CliScenarios {
  /** Ruff's wasm build, cold (`node --liftoff-only`), alternating with `cold`. */
  ruffCold: ProcessRun[];
  ruffOutput: RuffCliOutput;
  /** `--no-cache` on the corpus itself. */
  cold: CliRun[];
  /** On a copy of the corpus with an empty cache: lints everything and writes the cache. */
  writeCache: CliRun;
  /** Re-runs with nothing changed: every file answered from the cache. */
  warm: CliRun[];
  /** Re-runs after appending a comment line to one file, so that file alone is linted again. */
  changed: CliRun[];
  changedFile: { rel: string; lines: number };
  /** The warm re-runs printed exactly what the run that wrote the cache printed. */
  warmIdentical: boolean;
}

/**
 * Copies the files the CLI would walk (and nothing else: the stdlib folder
 * holds hundreds of MB of build output), so re-runs can change a file and
 * keep their cache without writing to the corpus.
 */
function copyCorpus(root: string, to: string): string[] {
  const copied: string[] = [];
  for (const path of collectFiles(root, () => false)) {
    const rel = relative(root, path);
    if (rel.startsWith('..') || path.includes('\ufffd')) continue;
    const target = join(to, rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(path, target);
    // A checkout's files are older than a run: a copy stamped "now" would be re-hashed as possibly changed unseen.
    const { atime, mtime } = statSync(path);
    utimesSync(target, atime, mtime);
    copied.push(rel.split(sep).join('/'));
  }
  return copied;
}

/** A larger-than-typical Python module (the 90th percentile by lines), the same every run. */
function pickChangedFile(copy: string, rels: string[]): { rel: string; lines: number } {
  const sized = rels
    .filter((rel) => rel.endsWith('.py'))
    .map((rel) => ({ rel, lines: readFileSync(join(copy, rel), 'latin1').split('\n').length }))
    .sort((a, b) => a.lines - b.lines || (a.rel < b.rel ? -1 : 1));
  return sized[Math.floor(sized.length * 0.9)];
}

export function runCliScenarios(repo: string, root: string, targetVersion: string, runs: number, log: (message: string) => void): CliScenarios {
  const bench = join(repo, 'dist/bench/bench.js');
  const ruffCold: ProcessRun[] = [];
  const cold: CliRun[] = [];
  log(`cold CLI runs, Ruff wasm and stacklint --no-cache alternating (${runs} each)...`);
  for (let run = 0; run < runs; run++) {
    ruffCold.push(runProcess(repo, ['--liftoff-only'], bench, ['--ruff-cli', root, targetVersion]));
    cold.push(runCli(repo, root, ['--no-cache']));
  }
  const ruffOutput = JSON.parse(ruffCold[0].stdout) as RuffCliOutput;

  const temp = mkdtempSync(join(tmpdir(), 'stacklint-bench-cli-'));
  try {
    const copy = join(temp, 'corpus');
    const cacheDir = join(temp, 'cache');
    const rels = copyCorpus(root, copy);
    const cached = ['--cache-dir', cacheDir];
    log(`result cache: write, ${runs} warm re-runs, ${runs} re-runs with one file changed...`);
    const writeCache = runCli(repo, copy, cached);
    const warm = Array.from({ length: runs }, () => runCli(repo, copy, cached));
    const changedFile = pickChangedFile(copy, rels);
    const changed = Array.from({ length: runs }, (_, run) => {
      appendFileSync(join(copy, changedFile.rel), `\n# stacklint bench edit ${run}\n`);
      return runCli(repo, copy, cached);
    });
    const warmIdentical = warm.every((run) => run.stdout === writeCache.stdout);
    return { ruffCold, ruffOutput, cold, writeCache, warm, changed, changedFile, warmIdentical };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
