import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { defaultConfig } from '../server/src/core/config';
import { lintText } from '../server/src/engine/lint';
import { initPythonParser } from '../server/src/python/parse';
import type { CorpusFile } from './corpus';

/** A finding reduced to what the comparison needs: file index, rule, 1-based line span. */
export interface BenchFinding {
  file: number;
  rule: string;
  line: number;
  endLine: number;
}

export interface Engine {
  name: 'stacklint' | 'ruff';
  version: string;
  /** Lints one file; errors inside the engine are counted, never thrown. */
  lint(file: CorpusFile, index: number, out: BenchFinding[]): void;
  errors: Map<string, number>;
}

/** The Ruff rules closest to stacklint's Python rules (see docs/benchmarks.md). */
export const RUFF_SELECT = ['T201', 'E722', 'S608', 'TID251', 'DTZ001', 'DTZ002', 'DTZ003', 'DTZ004', 'DTZ005', 'DTZ006', 'PLW0603', 'ASYNC210'];

export function ruffSettings(targetVersion: string): object {
  return {
    'target-version': targetVersion,
    lint: {
      select: RUFF_SELECT,
      'flake8-tidy-imports': { 'banned-api': { pytz: { msg: 'use zoneinfo' } } },
    },
  };
}

export async function stacklintEngine(root: string): Promise<Engine> {
  await initPythonParser();
  const config = defaultConfig(root);
  const errors = new Map<string, number>();
  const onRuleError = (rule: string) => errors.set(rule, (errors.get(rule) ?? 0) + 1);
  const version: string = require('../package.json').version;
  return {
    name: 'stacklint',
    version,
    errors,
    lint(file, index, out) {
      for (const finding of lintText(file.path, file.text, config, { onRuleError })) {
        out.push({ file: index, rule: finding.rule, line: finding.range.start.line + 1, endLine: finding.range.end.line + 1 });
      }
    },
  };
}

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number };
  end_location: { row: number };
}

export function ruffEngine(targetVersion: string): Engine {
  const workspace = new Workspace(ruffSettings(targetVersion), PositionEncoding.Utf16);
  const errors = new Map<string, number>();
  return {
    name: 'ruff',
    version: Workspace.version(),
    errors,
    lint(file, index, out) {
      let diagnostics: RuffDiagnostic[];
      try {
        diagnostics = workspace.check(file.text) as RuffDiagnostic[];
      } catch {
        // A panic in the wasm module surfaces as a thrown error: count it, go on.
        errors.set('check', (errors.get('check') ?? 0) + 1);
        return;
      }
      for (const d of diagnostics) {
        out.push({ file: index, rule: d.code ?? 'unknown', line: d.start_location.row, endLine: d.end_location.row });
      }
    },
  };
}
