import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from './corpus';
import { type BenchFinding, type Engine, ruffEngine, stacklintEngine } from './engines';

export interface WorkerRequest {
  engine: 'stacklint' | 'ruff';
  root: string;
  runs: number;
  targetVersion: string;
  out: string;
}

/** What one engine's child process measured; written as JSON for the parent. */
export interface WorkerResult {
  engine: string;
  version: string;
  files: string[];
  readMs: number;
  initMs: number;
  /** The untimed warm-up passes. */
  warmupMs: number[];
  runMs: number[];
  /** Resident set after reading the corpus, before the engine loads: the shared baseline. */
  baselineRssMb: number;
  /** The process's high-water resident set (getrusage maxrss). */
  peakRssMb: number;
  findings: BenchFinding[];
  slowest: { rel: string; ms: number }[];
  errors: Record<string, number>;
}

const MB = 1024 * 1024;
const WARMUP_MS = 5000;

/** Runs in its own child process so each engine's memory figures are its own. */
export async function runWorker(request: WorkerRequest): Promise<void> {
  let start = performance.now();
  const corpus = loadCorpus(request.root);
  const readMs = performance.now() - start;
  const baselineRssMb = process.memoryUsage().rss / MB;

  start = performance.now();
  const engine: Engine = request.engine === 'ruff' ? ruffEngine(request.targetVersion) : await stacklintEngine(request.root);
  const initMs = performance.now() - start;

  const pass = (perFile?: number[]) => {
    const findings: BenchFinding[] = [];
    engine.errors.clear();
    const began = performance.now();
    corpus.files.forEach((file, index) => {
      const fileStart = performance.now();
      engine.lint(file, index, findings);
      if (perFile) perFile[index] = performance.now() - fileStart;
    });
    return { ms: performance.now() - began, findings };
  };

  // V8 compiles wasm with a baseline tier first and optimizes hot functions in
  // the background, which on a busy machine takes seconds: warm up until at
  // least WARMUP_MS has passed so the timed runs see optimized code.
  const warmupMs: number[] = [];
  do warmupMs.push(pass().ms);
  while (warmupMs.length < 10 && warmupMs.reduce((a, b) => a + b, 0) < WARMUP_MS);
  const runMs: number[] = [];
  const perFile: number[] = [];
  let findings: BenchFinding[] = [];
  for (let run = 0; run < request.runs; run++) {
    const result = pass(run === request.runs - 1 ? perFile : undefined);
    runMs.push(result.ms);
    findings = result.findings;
  }
  const slowest = perFile
    .map((ms, index) => ({ rel: corpus.files[index].rel, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);

  const result: WorkerResult = {
    engine: engine.name,
    version: engine.version,
    files: corpus.files.map((file) => file.rel),
    readMs,
    initMs,
    warmupMs,
    runMs,
    baselineRssMb,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    findings,
    slowest,
    errors: Object.fromEntries(engine.errors),
  };
  writeFileSync(request.out, JSON.stringify(result));
}
