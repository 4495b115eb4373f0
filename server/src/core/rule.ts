import type { StacklintConfig } from './config';
import type { Report, RuleMeta } from './types';
import type { PythonFile } from '../python/file';
import type { DependencyFile } from '../dependencies/model';

export interface RuleContext {
  config: StacklintConfig;
}

export interface PythonRule {
  meta: RuleMeta & { kind: 'python' };
  check(file: PythonFile, report: Report, context: RuleContext): void;
}

export interface DependencyRule {
  meta: RuleMeta & { kind: 'dependencies' };
  check(file: DependencyFile, report: Report, context: RuleContext): void;
}

export type Rule = PythonRule | DependencyRule;

export function definePythonRule(rule: PythonRule): PythonRule {
  return rule;
}

export function defineDependencyRule(rule: DependencyRule): DependencyRule {
  return rule;
}
