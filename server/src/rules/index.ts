import { DEPENDENCY_RULES } from './dependencies/index';
import { PYTHON_RULES } from './python/index';
import type { Rule } from './rule';

/** The explicit registry: every rule stacklint knows, Python first. */
export const RULES: readonly Rule[] = [...PYTHON_RULES, ...DEPENDENCY_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
