// smol-toml parses pyproject.toml but gives no positions. This module finds
// where keys and string values sit in the text: a lexer for TOML's tokens
// (strings, comments, brackets) and a walk that records each key path's
// value position. The values themselves always come from smol-toml.

export interface TomlToken {
  kind: 'string' | 'bare' | 'punct' | 'newline';
  text: string;
  start: number;
  end: number;
  /** For strings: the decoded value and where its content starts and ends. */
  value?: string;
  contentStart?: number;
  contentEnd?: number;
  /** For basic strings: the content offset of each decoded character, and the content length last. */
  offsets?: number[];
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

/** Decodes a basic string's escapes, keeping for each decoded character the offset of its source text. */
function decodeBasic(raw: string): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  const pattern = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|[ \t]*\r?\n\s*|(.))|[^\\]+/gs;
  for (const match of raw.matchAll(pattern)) {
    const [text, u, bigU, x, single] = match;
    const at = match.index ?? 0;
    if (!text.startsWith('\\')) {
      for (let i = 0; i < text.length; i++) offsets.push(at + i);
      value += text;
      continue;
    }
    const hex = u ?? bigU ?? x;
    const decoded = hex ? String.fromCodePoint(parseInt(hex, 16)) : single !== undefined ? (ESCAPES[single] ?? text) : '';
    for (let i = 0; i < decoded.length; i++) offsets.push(at);
    value += decoded;
  }
  offsets.push(raw.length);
  return { value, offsets };
}

function stringToken(text: string, start: number): TomlToken {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const open = triple ? 3 : 1;
  let i = start + open;
  for (;;) {
    if (i >= text.length) break;
    if (quote === '"' && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (!triple && text[i] === '\n') break;
    if (triple ? text.startsWith(quote.repeat(3), i) : text[i] === quote) break;
    i++;
  }
  let contentEnd = Math.min(i, text.length);
  let end = Math.min(i + open, text.length);
  // A multi-line string may end with up to two extra quotes that belong to its content.
  while (triple && text[end] === quote && end - contentEnd < 5) {
    end++;
    contentEnd++;
  }
  let contentStart = start + open;
  if (triple && text[contentStart] === '\n') contentStart++;
  else if (triple && text.startsWith('\r\n', contentStart)) contentStart += 2;
  const raw = text.slice(contentStart, contentEnd);
  const decoded = quote === '"' ? decodeBasic(raw) : undefined;
  return { kind: 'string', text: text.slice(start, end), start, end, value: decoded?.value ?? raw, contentStart, contentEnd, offsets: decoded?.offsets };
}

/** Splits TOML text into tokens; never throws (bad text yields odd tokens, not errors). */
export function tomlTokens(text: string): TomlToken[] {
  const tokens: TomlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\n') {
      tokens.push({ kind: 'newline', text: char, start: i, end: i + 1 });
      i++;
    } else if (char === ' ' || char === '\t' || char === '\r') {
      i++;
    } else if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (char === '"' || char === "'") {
      const token = stringToken(text, i);
      tokens.push(token);
      i = Math.max(token.end, i + 1);
    } else if ('[]{}=,.'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, start: i, end: i + 1 });
      i++;
    } else {
      const match = /^[^\s[\]{}=,#"'.]+/.exec(text.slice(i, i + 256));
      const length = match ? match[0].length : 1;
      tokens.push({ kind: 'bare', text: text.slice(i, i + length), start: i, end: i + length });
      i += length;
    }
  }
  return tokens;
}

export interface TomlEntry {
  /** The key as written (last part of the path). */
  keyStart: number;
  keyEnd: number;
  /** Index of the value's first token. */
  valueIndex: number;
}

export interface TomlLayout {
  tokens: TomlToken[];
  /** Key path (parts joined by NUL) -> entry. */
  entries: Map<string, TomlEntry>;
  /** Table header path -> offsets of the header line's start and end. */
  headers: Map<string, { start: number; end: number }>;
}

export const pathKey = (parts: readonly string[]): string => parts.join('\u0000');

function keyText(token: TomlToken): string | undefined {
  if (token.kind === 'string') return token.value;
  if (token.kind === 'bare') return token.text;
  return undefined;
}

/** Finds every key's position: top-level entries, table headers and inline-table entries. */
export function layoutToml(text: string): TomlLayout {
  const tokens = tomlTokens(text);
  const layout: TomlLayout = { tokens, entries: new Map(), headers: new Map() };
  let table: string[] = [];
  let i = 0;
  const readKey = (): { parts: string[]; last?: TomlToken } => {
    const parts: string[] = [];
    let last: TomlToken | undefined;
    while (i < tokens.length) {
      const token = tokens[i];
      const part = keyText(token);
      if (part === undefined) break;
      parts.push(part);
      last = token;
      i++;
      if (tokens[i]?.text !== '.' || tokens[i]?.kind !== 'punct') break;
      i++;
    }
    return { parts, last };
  };
  const readValue = (path: string[]): void => {
    const token = tokens[i];
    if (!token) return;
    if (token.kind === 'punct' && token.text === '{') {
      i++;
      while (i < tokens.length && tokens[i].text !== '}') {
        if (tokens[i].kind === 'newline' || tokens[i].text === ',') {
          i++;
          continue;
        }
        const before = i;
        const { parts, last } = readKey();
        if (tokens[i]?.text !== '=' || !last) {
          i = Math.max(i, before + 1);
          continue;
        }
        i++;
        layout.entries.set(pathKey([...path, ...parts]), { keyStart: last.start, keyEnd: last.end, valueIndex: i });
        readValue([...path, ...parts]);
      }
      i++;
    } else if (token.kind === 'punct' && token.text === '[') {
      let depth = 0;
      do {
        const t = tokens[i].text;
        if (tokens[i].kind === 'punct' && (t === '[' || t === '{')) depth++;
        if (tokens[i].kind === 'punct' && (t === ']' || t === '}')) depth--;
        i++;
      } while (i < tokens.length && depth > 0);
    } else {
      i++;
    }
  };
  while (i < tokens.length) {
    const token = tokens[i];
    if (token.kind === 'newline') {
      i++;
      continue;
    }
    if (token.kind === 'punct' && token.text === '[') {
      const start = token.start;
      i++;
      if (tokens[i]?.text === '[') i++;
      table = readKey().parts;
      while (i < tokens.length && tokens[i].kind !== 'newline') i++;
      layout.headers.set(pathKey(table), { start, end: tokens[i - 1]?.end ?? start });
      continue;
    }
    const { parts, last } = readKey();
    if (last && tokens[i]?.text === '=') {
      i++;
      layout.entries.set(pathKey([...table, ...parts]), { keyStart: last.start, keyEnd: last.end, valueIndex: i });
      readValue([...table, ...parts]);
    }
    while (i < tokens.length && tokens[i].kind !== 'newline') i++;
  }
  return layout;
}

/** The tokens of an array's elements at its top level, in order: strings, or the first token of anything else. */
export function arrayElements(tokens: readonly TomlToken[], openIndex: number): TomlToken[] {
  const elements: TomlToken[] = [];
  if (tokens[openIndex]?.text !== '[') return elements;
  let depth = 0;
  let expectElement = true;
  for (let i = openIndex; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'punct' && (token.text === '[' || token.text === '{')) {
      if (depth === 1 && expectElement) {
        elements.push(token);
        expectElement = false;
      }
      depth++;
      continue;
    }
    if (token.kind === 'punct' && (token.text === ']' || token.text === '}')) {
      depth--;
      if (depth === 0) break;
      continue;
    }
    if (depth !== 1 || token.kind === 'newline') continue;
    if (token.text === ',' && token.kind === 'punct') {
      expectElement = true;
    } else if (expectElement) {
      elements.push(token);
      expectElement = false;
    }
  }
  return elements;
}
