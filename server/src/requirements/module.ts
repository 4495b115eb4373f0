import { type CommentLine, commentLineSkipping, commentsFromSpans } from '../core/comments';
import { lastName } from '../core/files';
import { defineModule } from '../core/module';
import { LineIndex } from '../core/text';
import { isProductionRequirements } from '../dependencies/files';
import type { DependencyFile } from '../dependencies/model';
import { DEPENDENCY_RULES } from '../dependencies/rules/index';
import { logicalLines } from './logicalLines';
import { parseRequirementsText } from './requirementsFile';

/**
 * `requirements*.txt`, `requirements*.in`, `*requirements*.in`,
 * `constraints*.txt`, `*.pip`, in any case; by hand, since the one pattern
 * for it backtracks quadratically on a long name.
 */
function isRequirementsName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pip')) return true;
  if (lower.endsWith('.in')) return lower.includes('requirements');
  if (!lower.endsWith('.txt')) return false;
  return lower.startsWith('requirements') || lower.startsWith('constraints');
}

/** pip requirements and constraints files, by the names pip-tools and common layouts use. */
export function isRequirementsPath(path: string): boolean {
  const name = lastName(path);
  return isRequirementsName(name) || (name.endsWith('.txt') && lastName(path.slice(0, -name.length - 1)) === 'requirements');
}

/** Parses a requirements file. Never throws: problems are collected in `problems`. */
export function parseRequirementsFile(path: string, text: string): DependencyFile {
  const lines = new LineIndex(text);
  const production = isProductionRequirements(path);
  return { path, text, lines, kind: 'requirements', production, pythons: [], ...parseRequirementsText(path, lines, production) };
}

/** pip's comments: `#` at the start of a line or after whitespace. */
function requirementComments(text: string) {
  const spans: { start: number; end: number }[] = [];
  const lines = new LineIndex(text);
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const match = /(^|\s)#/.exec(content);
    if (!match) continue;
    const start = lines.lineStart(line) + match.index + match[1].length;
    spans.push({ start, end: lines.lineStart(line) + content.length });
  }
  return commentsFromSpans(text, spans);
}

/** Every physical line of a `\`-joined logical line takes its comment on the last one. */
export function requirementsCommentLines(text: string): CommentLine {
  const blocked = new Set<number>();
  for (const logical of logicalLines(text)) {
    for (let line = logical.firstLine; line < logical.lastLine; line++) blocked.add(line);
  }
  return commentLineSkipping(blocked);
}

export const requirementsModule = defineModule<DependencyFile>({
  kind: 'requirements',
  matches: (path, languageId) => isRequirementsPath(path) || languageId === 'pip-requirements',
  pathFor: (name) => `${name}/requirements.txt`,
  parse: ({ path, text }) => ({
    file: parseRequirementsFile(path, text),
    comments: requirementComments(text),
    commentLines: () => requirementsCommentLines(text),
    dispose: () => undefined,
  }),
  rules: DEPENDENCY_RULES,
});
