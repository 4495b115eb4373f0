import { writeFileSync } from 'node:fs';
import type { CommentLine, SourceComment } from '../core/comments';
import { matchesAny, type StacklintConfig } from '../core/config';
import { decodeSource } from '../core/decode';
import { readWorkspaceBytes } from '../core/files';
import { LineIndex } from '../core/text';
import type { Edit, Finding } from '../core/types';
import type { ConfigCache } from '../config/load';
import { applyEdits } from '../engine/fixes';
import { fileKind, lintText, relativeToRoot } from '../engine/lint';
import { moduleFor } from '../engine/registry';
import { parsesAsPython } from '../python/syntax';
import { parseDirectives } from '../engine/suppressions';
import { type CliFinding, ColumnMapper, toCliFinding } from './format';
import type { FileTask } from './lintFile';

/** Passes per file: a second one only if the first left something (it should not). */
const MAX_PASSES = 3;

export interface SuppressionResult {
  text: string;
  /** How many rule ids were written into comments. */
  added: number;
  remaining: Finding[];
}

/**
 * `--add-suppressions` (Ruff's `--add-noqa`): silences every finding of a
 * file with `# stacklint: disable=<ids>` at the end of the line it starts on,
 * or of the first later line where a comment is legal (never inside a string
 * or a `\` continuation), adding to an existing `disable=` list on that line.
 */
export function addSuppressions(path: string, text: string, config: StacklintConfig): SuppressionResult {
  const module = moduleFor(path);
  if (module?.disableEdit) return addWithDisableEdits(path, text, config, module.disableEdit.bind(module));
  let current = text;
  let added = 0;
  let findings = lintText(path, current, config);
  const brokeBefore = syntaxErrors(path, text);
  for (let pass = 0; pass < MAX_PASSES && findings.length > 0; pass++) {
    const { edits, count } = suppressionEdits(path, current, findings, config);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    // A safety net: comments must never turn a file that parses into one that does not.
    if (!brokeBefore && syntaxErrors(path, next)) break;
    current = next;
    added += count;
    findings = lintText(path, current, config);
  }
  return { text: current, added, remaining: findings };
}

/** Edits one finding at a time at most this many times per file. */
const MAX_SINGLE_EDITS = 500;

/**
 * For languages whose comments cannot end a line (Dockerfile): the module's
 * own "disable for this line" edit, one finding at a time, re-linting after
 * each since an edit there inserts a line.
 */
function addWithDisableEdits(
  path: string,
  text: string,
  config: StacklintConfig,
  disableEdit: (text: string, line: number, rule: string) => Edit | undefined,
): SuppressionResult {
  let current = text;
  let added = 0;
  let findings = lintText(path, current, config);
  const tried = new Set<string>();
  for (let step = 0; step < MAX_SINGLE_EDITS; step++) {
    const finding = findings.find((f) => !tried.has(`${f.rule}\0${current.split('\n')[f.range.start.line] ?? ''}`));
    if (!finding) break;
    tried.add(`${finding.rule}\0${current.split('\n')[finding.range.start.line] ?? ''}`);
    const edit = disableEdit(current, finding.range.start.line, finding.rule);
    if (!edit) continue;
    current = applyEdits(current, [edit]);
    added++;
    findings = lintText(path, current, config);
  }
  return { text: current, added, remaining: findings };
}

/** True when a Python file does not parse as Python reads it (tree-sitter's error recovery kicked in, or a character Python refuses). */
function syntaxErrors(path: string, text: string): boolean {
  return fileKind(path) === 'python' && !parsesAsPython(text);
}

/** The file's comments and where a comment for each line may go, from its language module. */
function layout(path: string, text: string, config: StacklintConfig): { comments: SourceComment[]; commentLine: CommentLine } | undefined {
  const module = moduleFor(path);
  if (!module) return undefined;
  const parsed = module.parse({ path, text, config, isTest: matchesAny(relativeToRoot(path, config), config.tests) });
  try {
    return { comments: parsed.comments, commentLine: parsed.commentLines?.() ?? ((line) => line) };
  } finally {
    parsed.dispose();
  }
}

function suppressionEdits(path: string, text: string, findings: readonly Finding[], config: StacklintConfig): { edits: Edit[]; count: number } {
  const known = layout(path, text, config);
  if (!known) return { edits: [], count: 0 };
  const { comments, commentLine } = known;
  const lines = new LineIndex(text);
  const idsByLine = new Map<number, Set<string>>();
  for (const finding of findings) {
    const line = commentLine(finding.range.start.line);
    if (line >= lines.lineCount) continue;
    idsByLine.set(line, (idsByLine.get(line) ?? new Set()).add(finding.rule));
  }
  const commentByLine = new Map(comments.map((comment) => [comment.start.line, comment]));
  const edits: Edit[] = [];
  let count = 0;
  for (const [line, ids] of idsByLine) {
    const comment = commentByLine.get(line);
    const list = comment && parseDirectives(comment).find((d) => d.kind === 'line' && d.list);
    if (comment && list?.list) {
      const present = new Set(list.ids?.map((item) => item.id));
      const missing = [...ids].filter((id) => !present.has(id)).sort();
      if (missing.length === 0) continue;
      const at = { line, character: comment.start.character + list.list.end };
      edits.push({ range: { start: at, end: at }, newText: missing.map((id) => `,${id}`).join('') });
      count += missing.length;
    } else {
      const content = lines.lineText(line);
      const end = content.trimEnd().length;
      edits.push({
        range: { start: { line, character: end }, end: { line, character: content.length } },
        newText: `${end > 0 ? '  ' : ''}# stacklint: disable=${[...ids].sort().join(',')}`,
      });
      count += ids.size;
    }
  }
  return { edits, count };
}

/** Reads, suppresses and rewrites one file for the CLI; reports what is left (normally nothing). */
export function suppressFile({ path, shown }: FileTask, configs: ConfigCache, tally: { added: number; files: number }): CliFinding[] {
  // The same guarded read as a lint: a regular file inside the project, never a FIFO or a link out.
  const read = readWorkspaceBytes(path);
  if (!read.ok) {
    process.stderr.write(`stacklint: ${shown}: ${read.missing ? 'cannot read (ENOENT)' : read.reason}; skipped\n`);
    return [];
  }
  const decoded = decodeSource(read.bytes, fileKind(path) === 'python');
  if (!decoded.ok) {
    process.stderr.write(`stacklint: ${shown}: ${decoded.reason}; skipped\n`);
    return [];
  }
  const { config, problems } = configs.forFile(path);
  let text = decoded.text;
  let findings: Finding[];
  const result = addSuppressions(path, text, config);
  if (result.text !== text && decoded.encoding !== 'utf-8') {
    // Writing UTF-8 into a file declared otherwise would corrupt it.
    process.stderr.write(`stacklint: ${shown}: no suppressions written, file is ${decoded.encoding}\n`);
    findings = lintText(path, text, config);
  } else {
    if (result.text !== text) {
      writeFileSync(path, (decoded.bom ? '\ufeff' : '') + result.text, 'utf8');
      text = result.text;
      tally.added += result.added;
      tally.files++;
    }
    findings = result.remaining;
  }
  findings = [...findings, ...problems.filter((p) => p.file === path).map((p) => p.finding)];
  const columns = new ColumnMapper(new LineIndex(text));
  return findings.map((finding) => toCliFinding(shown, columns, finding));
}
