import { readFileSync } from 'node:fs';
import { decodeSource } from '../server/src/core/decode';
import { fileKind } from '../server/src/engine/lint';
import { collectFiles } from '../server/src/engine/walk';
import { ruffEngine } from './engines';

/** What a cold Ruff run printed: enough to check it did the whole corpus. */
export interface RuffCliOutput {
  files: number;
  diagnostics: number;
  failed: number;
}

/**
 * Ruff's wasm build run as a cold command line would be: in a fresh process
 * (started with `node --liftoff-only`), walk the tree with the CLI's walker,
 * read and decode each file, check it, count the diagnostics. The wasm build
 * has no threads, so this is one core's work.
 */
export function ruffCli(root: string, targetVersion: string): void {
  const engine = ruffEngine(targetVersion);
  const paths = collectFiles(root, () => false).filter((path) => fileKind(path) === 'python');
  const out: RuffCliOutput = { files: 0, diagnostics: 0, failed: 0 };
  const findings: { rule: string }[] = [];
  paths.forEach((path, index) => {
    const decoded = decodeSource(readFileSync(path), true);
    if (!decoded.ok) return;
    out.files++;
    engine.lint({ path, rel: path, text: decoded.text }, index, findings as never);
    out.diagnostics += findings.length;
    findings.length = 0;
  });
  out.failed = [...engine.errors.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(JSON.stringify(out));
}
