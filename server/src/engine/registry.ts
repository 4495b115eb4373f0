import type { LanguageModule } from '../core/module';
import type { Rule } from '../core/rule';
import { DEPENDENCY_RULES } from '../dependencies/rules/index';
import { pyprojectModule } from '../pyproject/module';
import { pythonModule } from '../python/module';
import { PYTHON_RULES } from '../python/rules/index';
import { requirementsModule } from '../requirements/module';
import { dockerfileModule } from '../dockerfile/module';
import fileNotLinted from './file-not-linted';
import unusedSuppression from './unused-suppression';

/** The explicit registry of languages: adding a file type is one line here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module has its own parsed-file type.
export const MODULES: readonly LanguageModule<any>[] = [pythonModule, requirementsModule, pyprojectModule, dockerfileModule];

/**
 * Every rule stacklint knows, in the order of the rule catalog;
 * unused-suppression is the pass after all of them, file-not-linted what
 * the engine reports when none could run.
 */
export const RULES: readonly Rule[] = uniqueRules([...PYTHON_RULES, unusedSuppression, fileNotLinted, ...DEPENDENCY_RULES, ...MODULES.flatMap((module) => module.rules)]);

function uniqueRules(rules: readonly Rule<never>[]): Rule[] {
  return [...new Set(rules)] as Rule[];
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

/** The module that lints a path: by its name first, then by the editor's language id. */
export function moduleFor(path: string, languageId?: string): LanguageModule<unknown> | undefined {
  return MODULES.find((module) => module.matches(path)) ?? (languageId ? MODULES.find((module) => module.matches(path, languageId)) : undefined);
}

/** The kind of file a path is, from its name alone; undefined when no module lints it. */
export function fileKind(path: string): string | undefined {
  return moduleFor(path)?.kind;
}
