import { DEPENDENCY_RULES } from '../dependencies/rules/index';
import { PYTHON_RULES } from '../python/rules/index';
import type { Rule } from '../core/rule';

/** The explicit registry: every rule stacklint knows, Python first. */
export const RULES: readonly Rule[] = [...PYTHON_RULES, ...DEPENDENCY_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
