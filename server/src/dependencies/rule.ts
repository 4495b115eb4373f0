import type { Rule } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { DependencyFile } from './model';

/** A rule over requirements files and pyproject.toml alike, both parsed into the dependency model. */
export interface DependencyRule extends Rule<DependencyFile> {
  meta: RuleMeta & { kind: 'dependencies' };
}

export function defineDependencyRule(rule: DependencyRule): DependencyRule {
  return rule;
}
