import { commentsFromSpans } from '../core/comments';
import { defineModule } from '../core/module';
import { LineIndex } from '../core/text';
import { parseTomlDocument } from '../core/toml';
import type { DependencyFile } from '../dependencies/model';
import { DEPENDENCY_RULES } from '../dependencies/rules/index';
import { parsePyprojectText } from './dependencies';

export function isPyprojectPath(path: string): boolean {
  return /(^|[\\/])pyproject\.toml$/.test(path);
}

/** Parses a pyproject.toml's dependency tables. Never throws: problems are collected in `problems`. */
export function parsePyprojectFile(path: string, text: string): DependencyFile {
  const lines = new LineIndex(text);
  return { path, text, lines, kind: 'pyproject', production: true, ...parsePyprojectText(lines) };
}

export const pyprojectModule = defineModule<DependencyFile>({
  kind: 'pyproject',
  matches: (path) => isPyprojectPath(path),
  parse: ({ path, text }) => ({
    file: parsePyprojectFile(path, text),
    comments: commentsFromSpans(text, parseTomlDocument(text).comments),
    dispose: () => undefined,
  }),
  rules: DEPENDENCY_RULES,
});
