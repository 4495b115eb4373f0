import type { Instruction, JSONInstruction, Run } from 'dockerfile-ast';
import type { DockerfileFile } from './file';
import { shellCommands, wordScript, type Word } from './shell';

/** How an instruction gives its command: `["exec", "form"]` or shell form (run by `/bin/sh -c`). */
export type CommandForm = 'exec' | 'shell';

/** True for `CMD ["uvicorn", ...]`: a JSON array that Docker runs without a shell. */
export function isExecForm(instruction: JSONInstruction): boolean {
  return instruction.getOpeningBracket() !== null && instruction.getClosingBracket() !== null;
}

/**
 * The words of an exec-form instruction, each a JSON string. The value is
 * decoded from the text: dockerfile-ast 0.7.1's `getJSONValue()` drops the
 * blanks inside a string (`"a b"` gives `ab`).
 */
export function execWords(file: DockerfileFile, instruction: JSONInstruction): Word[] {
  return instruction.getJSONStrings().map((string) => {
    const start = file.offset(string.getRange().start);
    const end = file.offset(string.getRange().end);
    return { value: jsonString(file.text.slice(start, end)) ?? string.getJSONValue(), start, end, exact: false };
  });
}

function jsonString(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The commands a CMD or ENTRYPOINT holds: one argv in exec form, the shell's commands in shell form. */
export function instructionCommands(file: DockerfileFile, instruction: JSONInstruction): { form: CommandForm; commands: Word[][] } {
  if (isExecForm(instruction)) return { form: 'exec', commands: [execWords(file, instruction)] };
  const end = file.offset(instruction.getRange().end);
  return { form: 'shell', commands: shellCommands(file.text, file.argumentsStart(instruction), end, { continuation: file.escape }) };
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

/**
 * The shell commands a RUN executes: its shell-form text, its exec-form
 * argv, and the scripts of its heredocs when a shell runs them (`RUN <<EOF`,
 * `RUN bash <<EOF`; not `RUN python3 <<EOF`).
 */
export function runCommands(file: DockerfileFile, run: Run): Word[][] {
  if (isExecForm(run)) return [execWords(file, run)];
  const heredocs = run.getHeredocs();
  const start = file.argumentsStart(run);
  if (heredocs.length === 0) {
    return shellCommands(file.text, start, file.offset(run.getRange().end), { continuation: file.escape });
  }
  // The command line ends where the first heredoc's body begins.
  const firstBody = heredocs[0].getContentRange() ?? heredocs[0].getDelimiterRange();
  const lineEnd = firstBody ? file.lines.lineStart(firstBody.start.line) : file.offset(run.getRange().end);
  const line = shellCommands(file.text, start, lineEnd, { continuation: file.escape });
  const program = line[0]?.[0] ? programName(line[0][0].value) : undefined;
  const scripts = program === undefined || SHELLS.has(program)
    ? heredocs.flatMap((heredoc) => {
        const body = heredoc.getContentRange();
        return body ? shellCommands(file.text, file.offset(body.start), file.offset(body.end)) : [];
      })
    : [];
  return [...line, ...scripts];
}

/** `/usr/local/bin/uvicorn` → `uvicorn`. */
export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The text of an instruction from its first line's start to its end, for edits that remove it whole. */
export function instructionSpan(file: DockerfileFile, instruction: Instruction): { start: number; end: number } {
  const range = instruction.getRange();
  return { start: file.offset(range.start), end: file.offset(range.end) };
}

export { wordScript };
