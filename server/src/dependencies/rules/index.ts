import type { DependencyRule } from '../rule';
import belowStackVersion from './below-stack-version';
import devDependencyInProduction from './dev-dependency-in-production';
import duplicateDependency from './duplicate-dependency';
import invalidRequirement from './invalid-requirement';
import offStackDependency from './off-stack-dependency';
import unpinnedDependency from './unpinned-dependency';

/** Every dependency-file rule, in the order of the rule catalog. */
export const DEPENDENCY_RULES: DependencyRule[] = [
  offStackDependency,
  belowStackVersion,
  devDependencyInProduction,
  unpinnedDependency,
  duplicateDependency,
  invalidRequirement,
];
