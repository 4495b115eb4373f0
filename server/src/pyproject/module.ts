import { type CommentLine, commentLineSkipping, commentsFromSpans } from '../core/comments';
import { defineModule } from '../core/module';
import { LineIndex } from '../core/text';
import { parseTomlDocument, tomlTokens } from '../core/toml';
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

/** Lines inside a multi-line string cannot hold a comment. */
export function tomlCommentLines(text: string): CommentLine {
  const lines = new LineIndex(text);
  const blocked = new Set<number>();
  for (const token of tomlTokens(text)) {
    if (token.kind !== 'string') continue;
    for (let line = lines.positionAt(token.start).line; line < lines.positionAt(token.end).line; line++) blocked.add(line);
  }
  return commentLineSkipping(blocked);
}

export const pyprojectModule = defineModule<DependencyFile>({
  kind: 'pyproject',
  matches: (path) => isPyprojectPath(path),
  parse: ({ path, text }) => ({
    file: parsePyprojectFile(path, text),
    comments: commentsFromSpans(text, parseTomlDocument(text).comments),
    commentLines: () => tomlCommentLines(text),
    dispose: () => undefined,
  }),
  rules: DEPENDENCY_RULES,
});
