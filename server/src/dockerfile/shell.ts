// Shell words of RUN, CMD and ENTRYPOINT. dockerfile-ast parses the
// Dockerfile (instructions, continuations, heredocs, JSON forms) but not the
// shell text inside them, so this splits that text into words and commands:
// quotes, escapes, comments and the control operators `&&`, `||`, `;`, `|`,
// `&`, newlines. It does not expand variables or run anything.

/** One shell word with its offsets in the Dockerfile's text. */
export interface Word {
  /** The word after quote removal. */
  value: string;
  start: number;
  end: number;
  /** True when the text between start and end is exactly `value` (no quotes or escapes), so edits can cut it. */
  exact: boolean;
  /** The offsets are those of an enclosing word (a script in an escaped string), not of this word. */
  approximate?: boolean;
}

export interface ShellOptions {
  /** The Dockerfile escape character: it joins lines outside heredocs. Undefined inside a heredoc script. */
  continuation?: string;
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '(', ')'];

/**
 * The simple commands in `text[start, end)`, each a list of words. Redirections
 * (`> file`, `2>&1`, `<<EOF`) are dropped with their targets.
 */
export function shellCommands(text: string, start: number, end: number, options: ShellOptions = {}): Word[][] {
  const commands: Word[][] = [[]];
  const cut = () => {
    if (commands[commands.length - 1].length > 0) commands.push([]);
  };
  let skipNext = false;
  let i = start;
  while (i < end) {
    const char = text[i];
    if (options.continuation && char === options.continuation && isLineBreak(text, i + 1)) {
      i = skipContinuation(text, i + 1, end);
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      i++;
      continue;
    }
    if (char === '\n') {
      cut();
      i++;
      continue;
    }
    if (char === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      cut();
      i += operator.length;
      continue;
    }
    const redirect = /^[0-9]*(<<-?|>>|>&|<&|>|<)/.exec(text.slice(i, Math.min(end, i + 6)));
    if (redirect) {
      i += redirect[0].length;
      // `2>&1` has its target attached; `> file` and `<<EOF` take the next word.
      skipNext = !(redirect[1].endsWith('&') && /[0-9-]/.test(text[i] ?? ''));
      if (!skipNext) i = readWord(text, i, end, options).end;
      continue;
    }
    const word = readWord(text, i, end, options);
    i = word.end;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    commands[commands.length - 1].push(word);
  }
  return commands.filter((command) => command.length > 0);
}

function isLineBreak(text: string, at: number): boolean {
  // Docker allows trailing whitespace after the escape character.
  const match = /^[ \t]*\r?\n/.exec(text.slice(at, at + 64));
  return match !== null;
}

/** Skips the line break after an escape character, and the comment lines Docker drops inside continued instructions. */
function skipContinuation(text: string, at: number, end: number): number {
  let i = text.indexOf('\n', at) + 1;
  while (i < end) {
    // Comment lines and (deprecated) empty lines inside a continuation do not end it.
    const line = /^[ \t]*(#[^\n]*)?\r?\n/.exec(text.slice(i, end));
    if (!line) break;
    i += line[0].length;
  }
  return i;
}

function readWord(text: string, start: number, end: number, options: ShellOptions): Word {
  let value = '';
  let exact = true;
  let i = start;
  while (i < end) {
    const char = text[i];
    if (options.continuation && char === options.continuation && isLineBreak(text, i + 1)) {
      exact = false;
      i = skipContinuation(text, i + 1, end);
      continue;
    }
    if (/[\s;&|()<>]/.test(char)) break;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= end ? end : close;
      value += text.slice(i + 1, stop);
      exact = false;
      i = stop + 1;
    } else if (char === '"') {
      exact = false;
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) i++;
        value += text[i];
        i++;
      }
      i++;
    } else if (char === '\\' && i + 1 < end) {
      exact = false;
      value += text[i + 1];
      i += 2;
    } else if (char === '$' && text[i + 1] === '(') {
      // A command substitution stays one word; its inside is not looked at.
      const close = matchingParen(text, i + 1, end);
      value += text.slice(i, close + 1);
      i = close + 1;
    } else {
      value += char;
      i++;
    }
  }
  return { value, start, end: Math.min(i, end), exact };
}

function matchingParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return end - 1;
}

/**
 * The commands of a script held in one word (`sh -c "uvicorn app:app"`). When
 * the word is a plain quoted string, the inner words keep their own offsets;
 * otherwise every inner word points at the whole word and is not exact.
 */
export function wordScript(text: string, word: Word): Word[][] {
  const raw = text.slice(word.start, word.end);
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.slice(1, -1) === word.value) {
    return shellCommands(text, word.start + 1, word.end - 1);
  }
  return shellCommands(word.value, 0, word.value.length).map((command) =>
    command.map((inner) => ({ value: inner.value, start: word.start, end: word.end, exact: false, approximate: true })),
  );
}
