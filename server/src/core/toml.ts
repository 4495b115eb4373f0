// The one TOML locator. smol-toml parses TOML but gives no positions; this
// module finds where keys, string values and comments sit in the text: a
// lexer for TOML's tokens (strings, comments, brackets) and a walk that
// records each key path's value position. The values themselves always come
// from smol-toml, and each text is parsed once however many readers ask
// (configuration, dependencies, fixes).
import { parse, TomlError } from 'smol-toml';
import { LineIndex } from './text';
import type { Range } from './types';

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

/** Splits TOML text into tokens; never throws (bad text yields odd tokens, not errors). Comments go to `comments` when given. */
export function tomlTokens(text: string, comments?: { start: number; end: number }[]): TomlToken[] {
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
      const start = i;
      while (i < text.length && text[i] !== '\n') i++;
      comments?.push({ start, end: text[i - 1] === '\r' ? i - 1 : i });
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

/** The offset where the value starting at token `index` ends: after its closing bracket or brace, which may be lines below. */
export function valueEnd(tokens: readonly TomlToken[], index: number): number {
  const first = tokens[index];
  if (!first) return 0;
  if (first.kind !== 'punct' || (first.text !== '[' && first.text !== '{')) return first.end;
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'punct') continue;
    if (token.text === '[' || token.text === '{') depth++;
    else if ((token.text === ']' || token.text === '}') && --depth === 0) return token.end;
  }
  return tokens[tokens.length - 1].end;
}

/** A TOML text parsed once: smol-toml's value (or its error) and, on demand, where things are. */
export interface TomlDocument {
  text: string;
  lines: LineIndex;
  /** The parsed value; undefined when the text is not valid TOML. */
  value?: Record<string, unknown>;
  error?: { message: string; range: Range };
  /** Key and header positions, computed on first use. */
  readonly layout: TomlLayout;
  /** Comment spans (offsets), computed on first use. */
  readonly comments: readonly { start: number; end: number }[];
}

const RECENT_LIMIT = 8;
const recent = new Map<string, TomlDocument>();

/** Parses TOML text, reusing the document for a text parsed moments ago (one parse per lint, shared by all readers). */
export function parseTomlDocument(text: string): TomlDocument {
  const known = recent.get(text);
  if (known) return known;
  const document = buildDocument(text);
  recent.set(text, document);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  return document;
}

function buildDocument(text: string): TomlDocument {
  const lines = new LineIndex(text);
  let value: Record<string, unknown> | undefined;
  let error: TomlDocument['error'];
  try {
    value = parse(text) as Record<string, unknown>;
  } catch (thrown) {
    // smol-toml reports 1-based line and column.
    const line = thrown instanceof TomlError ? Math.max(0, thrown.line - 1) : 0;
    const character = thrown instanceof TomlError ? Math.max(0, thrown.column - 1) : 0;
    const message = thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown);
    error = { message, range: { start: { line, character }, end: { line, character: character + 1 } } };
  }
  let layout: TomlLayout | undefined;
  let comments: { start: number; end: number }[] | undefined;
  return {
    text, lines, value, error,
    get layout() {
      return (layout ??= layoutToml(text));
    },
    get comments() {
      if (!comments) tomlTokens(text, (comments = []));
      return comments;
    },
  };
}

/**
 * The range of the key at `path` (e.g. tool, stacklint, severity, print-call),
 * or of the nearest enclosing key or table header that exists; with `element`,
 * the quoted string of that value (an array item). Line 0 when nothing matches.
 */
export function locateKey(document: TomlDocument, path: readonly string[], element?: string): Range {
  const { layout, lines } = document;
  for (let length = path.length; length > 0; length--) {
    const key = pathKey(path.slice(0, length));
    const entry = layout.entries.get(key);
    if (entry) {
      if (element !== undefined && length === path.length) {
        const item = arrayElements(layout.tokens, entry.valueIndex).find((token) => token.kind === 'string' && token.value === element);
        if (item) return lines.range(item.start, item.end);
      }
      return lines.range(entry.keyStart, entry.keyEnd);
    }
    const header = layout.headers.get(key);
    if (header) return lines.range(header.start, header.end);
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A TOML table as smol-toml gives it (dates are objects too, but not tables). */
export type TomlTable = Record<string, unknown>;

export function isTomlTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** What a TOML value is, for messages: "an array", "a table", "a string", ... */
export function describeTomlValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isTomlTable(value)) return 'a table';
  return `a ${typeof value === 'bigint' ? 'number' : typeof value}`;
}
