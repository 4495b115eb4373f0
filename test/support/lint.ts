import * as assert from 'node:assert/strict';
import type { StacklintConfig } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/types';
import { lintText } from '../../server/src/engine/lint';

/** Lints `text` as `path`; a rule that throws fails the test (the engine would only skip that rule). */
export function lintOrFail(path: string, text: string, config: StacklintConfig): Finding[] {
  return lintText(path, text, config, { onRuleError: (id, error) => assert.fail(`${id} threw: ${(error as Error).stack}`) });
}

/** `line:rule` for each finding (1-based lines). */
export function lineAndRule(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.rule}`);
}
