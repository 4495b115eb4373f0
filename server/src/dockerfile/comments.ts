import type { Instruction } from 'dockerfile-ast';
import type { SourceComment } from '../core/comments';
import type { Edit, Position } from '../core/types';
import { isExecForm } from './commands';
import type { DockerfileFile } from './file';

/**
 * The comments a suppression can be written in. Docker reads `#` as a
 * comment only at the start of a line, so `FROM python:3.9 # ...` is an
 * error: a `# stacklint: disable=<id>` line governs the instruction right
 * below it (as hadolint's `# hadolint ignore=`), every line of it. Shell-form
 * RUN, CMD and ENTRYPOINT may also end in one, which the shell ignores.
 */
export function dockerfileComments(file: DockerfileFile): SourceComment[] {
  const instructions = file.ast.getInstructions();
  const firstInstruction = instructions[0]?.getRange().start.line ?? Infinity;
  const starts = [
    ...file.commentDirectiveLines.map((line) => ({ line, character: file.lines.lineText(line).indexOf('#') })),
    ...file.ast.getComments().map((comment) => comment.getRange().start),
  ];
  const comments: SourceComment[] = starts.map((start) => {
    const next = instructions.find((instruction) => instruction.getRange().start.line > start.line);
    const between = next ? linesBetween(file, start.line, next.getRange().start.line) : [];
    const adjacent = next && between.every((line) => /^\s*#/.test(line));
    return {
      text: file.lines.lineText(start.line).slice(start.character),
      start,
      leading: start.line < firstInstruction,
      governs: adjacent ? lineSpan(next) : undefined,
    };
  });
  for (const instruction of instructions) {
    const trailing = trailingComment(file, instruction);
    if (trailing) comments.push({ ...trailing, leading: false, governs: lineSpan(instruction) });
  }
  return comments;
}

function linesBetween(file: DockerfileFile, after: number, before: number): string[] {
  const lines: string[] = [];
  for (let line = after + 1; line < before; line++) lines.push(file.lines.lineText(line));
  return lines;
}

function lineSpan(instruction: Instruction): { start: number; end: number } {
  return { start: instruction.getRange().start.line, end: instruction.getRange().end.line };
}

const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** `# ...` at the end of a shell-form instruction's last line, outside quotes. */
function trailingComment(file: DockerfileFile, instruction: Instruction): { text: string; start: Position } | undefined {
  const keyword = instruction.getKeyword();
  if (!SHELL_FORM.has(keyword) || isExecForm(instruction as never)) return undefined;
  if (keyword === 'RUN' && /<<-?["']?[A-Za-z_]/.test(instruction.getRawArgumentsContent() ?? '')) return undefined;
  const line = instruction.getRange().end.line;
  const text = file.lines.lineText(line);
  const from = line === instruction.getRange().start.line ? instruction.getInstructionRange().end.character : 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && /\s/.test(text[i - 1] ?? '')) return { text: text.slice(i), start: { line, character: i } };
  }
  return undefined;
}

/**
 * "Disable <rule> for this line" for a Dockerfile: a comment line above the
 * instruction that holds the finding, or the rule added to one already there.
 */
export function disableEdit(file: DockerfileFile, line: number, rule: string): Edit | undefined {
  const instruction = file.ast.getInstructions().find((candidate) =>
    candidate.getRange().start.line <= line && candidate.getRange().end.line >= line);
  const target = instruction?.getRange().start.line ?? line;
  const above = target > 0 ? file.lines.lineText(target - 1) : '';
  // Trimmed first: a lazy group before `\s*$` backtracks quadratically on trailing spaces.
  const directive = above.trimEnd();
  if (/^\s*#\s*stacklint:\s*disable=[\w\-, ]*$/.test(directive)) {
    const at = { line: target - 1, character: directive.length };
    return { range: { start: at, end: at }, newText: `,${rule}` };
  }
  const indent = /^\s*/.exec(file.lines.lineText(target))?.[0] ?? '';
  const at = { line: target, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}# stacklint: disable=${rule}\n` };
}
