import type { Rule } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { PythonFile } from './file';

export interface PythonRule extends Rule<PythonFile> {
  meta: RuleMeta & { kind: 'python' };
}

export function definePythonRule(rule: PythonRule): PythonRule {
  return rule;
}
