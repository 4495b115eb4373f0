import type { DependencyRule } from '../rule';

/** Every dependency-file rule, in the order of the rule catalog. */
export const DEPENDENCY_RULES: DependencyRule[] = [];
