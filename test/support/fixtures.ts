import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import type { StacklintConfig } from '../../server/src/core/config';
import { fixAll, type FixAllResult } from '../../server/src/engine/fixes';
import { lintText } from '../../server/src/engine/lint';
import { join, resolve } from 'node:path';
import type { Finding } from '../../server/src/core/types';

/** The repository root: the first folder above the test bundle with a package.json. */
export const REPO = findRepo();

function findRepo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = resolve(dir, '..');
  return dir;
}

export const FIXTURES = join(REPO, 'test', 'fixtures');

export interface Expected {
  rule: string;
  line: number;
  /** 1-based columns on the start line; end undefined when the finding runs past the line. */
  startColumn: number;
  endColumn?: number;
}

/**
 * Reads expectation markers from fixture comments, each about the nearest
 * code line above it:
 *   `#   ^^^^^ rule-id`   carets under the columns of the finding;
 *   `# @1-11 rule-id`    1-based start and end column (`@1-` when it runs past the line).
 */
export function expectedFindings(text: string): Expected[] {
  const lines = text.split('\n');
  const expected: Expected[] = [];
  let codeLine = -1;
  lines.forEach((line, index) => {
    const caret = /^(\s*#\s*)(\^+)\s+([a-z][a-z0-9-]*)\s*$/.exec(line);
    const at = /^\s*#\s*@(\d+)-(\d*)\s+([a-z][a-z0-9-]*)\s*$/.exec(line);
    if (caret) {
      const start = caret[1].length;
      expected.push({ rule: caret[3], line: codeLine + 1, startColumn: start + 1, endColumn: start + caret[2].length + 1 });
    } else if (at) {
      expected.push({ rule: at[3], line: codeLine + 1, startColumn: Number(at[1]), endColumn: at[2] ? Number(at[2]) : undefined });
    } else {
      codeLine = index;
    }
  });
  return expected;
}

/** Findings in the marker shape, for deep comparison. */
export function actualFindings(findings: readonly Finding[]): Expected[] {
  return findings.map((finding) => ({
    rule: finding.rule,
    line: finding.range.start.line + 1,
    startColumn: finding.range.start.character + 1,
    endColumn: finding.range.end.line === finding.range.start.line ? finding.range.end.character + 1 : undefined,
  }));
}

export function readFixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function fixtureDirs(kind: string): string[] {
  const dir = join(FIXTURES, kind);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * Applies every fix of a fixture (unsafe ones too) and compares with its
 * `.fixed` golden (UPDATE_GOLDEN=1 rewrites it); nothing fixable may remain.
 * Undefined when the fixture has nothing to fix, which then must have no golden.
 */
export function fixesMatchGolden(path: string, text: string, config: StacklintConfig): FixAllResult | undefined {
  const golden = `${path}.fixed`;
  if (!lintText(path, text, config).some((finding) => finding.fix)) {
    assert.ok(!existsSync(golden), `${golden} exists but nothing in ${path} is fixable`);
    return undefined;
  }
  const result = fixAll(path, text, config, { unsafe: true });
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, result.text);
  assert.ok(existsSync(golden), `missing golden ${golden} (run with UPDATE_GOLDEN=1)`);
  assert.equal(result.text, readFileSync(golden, 'utf8'));
  assert.deepEqual(result.remaining.filter((finding) => finding.fix).map((f) => `${f.rule}@${f.range.start.line + 1}`), []);
  return result;
}
