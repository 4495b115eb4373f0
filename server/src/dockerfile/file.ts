import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { LineIndex } from '../core/text';
import type { Position, Range } from '../core/types';

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  index: number;
  from: From;
  /** The `AS name`, lower-cased as Docker compares it. */
  name?: string;
  instructions: Instruction[];
  /** The earlier stage this one is built on (`FROM builder`), if any. */
  parent?: Stage;
}

/**
 * One parsed Dockerfile (dockerfile-ast, the parser behind the Docker
 * language server) with its build stages and what every rule needs: the
 * final image's stages, global ARG defaults, the escape character.
 */
/** A variable name, matched where lastIndex is set. */
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

export class DockerfileFile {
  readonly lines: LineIndex;
  readonly ast: Dockerfile;
  readonly stages: Stage[] = [];
  readonly escape: string;
  /** Global ARGs (before the first FROM) and their defaults; null when an ARG has none. */
  readonly globalArgs = new Map<string, string | null>();

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    this.ast = DockerfileParser.parse(text);
    this.escape = this.ast.getEscapeCharacter();
    for (const arg of this.ast.getInitialARGs()) {
      for (const property of arg.getProperties()) this.globalArgs.set(property.getName(), property.getValue());
    }
    for (const instruction of this.ast.getInstructions()) {
      if (instruction.getKeyword() === 'FROM') {
        const from = instruction as From;
        const name = from.getBuildStage()?.toLowerCase() ?? undefined;
        const image = from.getImage();
        const parent = image && !/[:@]/.test(image) ? this.stages.find((stage) => stage.name === image.toLowerCase()) : undefined;
        this.stages.push({ index: this.stages.length, from, name, instructions: [], parent });
      } else if (this.stages.length > 0) {
        this.stages[this.stages.length - 1].instructions.push(instruction);
      }
    }
  }

  /** The stage `docker build` builds without `--target`: the last one. */
  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** The stages the final image is made of, from the one on an outside image to the final one. */
  get finalChain(): Stage[] {
    const chain: Stage[] = [];
    for (let stage = this.finalStage; stage; stage = stage.parent) chain.unshift(stage);
    return chain;
  }

  /** The instructions of the final image, in build order, with the stage each belongs to. */
  finalInstructions(): { stage: Stage; instruction: Instruction }[] {
    return this.finalChain.flatMap((stage) => stage.instructions.map((instruction) => ({ stage, instruction })));
  }

  /**
   * Expands `$VAR`, `${VAR}` and `${VAR:-default}` (also `-`, `:+`, `+`) from
   * the global ARG defaults; undefined when a value is unknown. Scanned by
   * hand: the one-pattern version rescans to the end after every unclosed `${`.
   */
  expandGlobal(text: string): string | undefined {
    let unknown = false;
    let result = '';
    let copied = 0;
    let close = -2;
    const substitute = (name: string, operator: string | undefined, word: string): string => {
      const value = this.globalArgs.get(name);
      const set = value !== undefined && value !== null && (value !== '' || operator?.[0] !== ':');
      if (operator?.endsWith('-')) return set ? (value as string) : word;
      if (operator?.endsWith('+')) return set ? word : '';
      if (value === undefined || value === null) unknown = true;
      return value ?? '';
    };
    for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
      const braced = text[i + 1] === '{';
      NAME_AT.lastIndex = braced ? i + 2 : i + 1;
      const name = NAME_AT.exec(text)?.[0];
      if (!name) continue;
      let end = (braced ? i + 2 : i + 1) + name.length;
      let operator: string | undefined;
      let word = '';
      if (braced) {
        operator = /^:?[-+]/.exec(text.slice(end, end + 2))?.[0];
        // The next `}` is found once per stretch of text, not once per `${`.
        if (close !== -1 && close < end) close = text.indexOf('}', end);
        if (text[end] !== '}' && (!operator || close < 0)) continue;
        if (operator) {
          word = text.slice(end + operator.length, close);
          end = close;
        }
        end++;
      }
      result += text.slice(copied, i) + substitute(name, operator, word);
      copied = end;
      i = end - 1;
    }
    return unknown ? undefined : result + text.slice(copied);
  }

  /**
   * The lines dockerfile-ast reads as parser directives but Docker reads as
   * comments: any `# key=value` at the top counts for dockerfile-ast, while
   * BuildKit wants a plain word as key (`# stacklint: disable=x` is a comment).
   */
  get commentDirectiveLines(): number[] {
    return this.ast.getDirectives()
      .filter((directive) => !/^[A-Za-z][A-Za-z0-9]*$/.test(directive.getName()))
      .map((directive) => directive.getRange().start.line);
  }

  /** True for a real parser directive line (`# syntax=...`, `# escape=...`). */
  isDirectiveLine(line: number): boolean {
    return this.ast.getDirectives().some((directive) => directive.getRange().start.line === line) && !this.commentDirectiveLines.includes(line);
  }

  offset(position: Position): number {
    return this.lines.offsetAt(position);
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  /** The offset where an instruction's arguments begin (after its flags), or its end when it has none. */
  argumentsStart(instruction: Instruction): number {
    const first = instruction.getArguments()[0];
    return this.offset(first ? first.getRange().start : instruction.getRange().end);
  }
}
