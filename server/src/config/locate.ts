import { LineIndex } from '../core/text';
import type { Range } from '../core/types';

// smol-toml gives values without positions, so a configuration problem is
// placed by finding its key in the text. This only reads table headers and
// the keys that start lines; the parsed values stay the ground truth.

const HEADER = /^\s*\[\[?\s*([^\]#]+?)\s*\]\]?\s*(#.*)?$/;
const KEY_LINE = /^(\s*)((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/;
const SEGMENT = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+)/g;

/** Splits a TOML dotted key (`tool."stacklint".severity`) into its segments. */
export function keySegments(key: string): string[] {
  const segments: string[] = [];
  for (const match of key.matchAll(SEGMENT)) segments.push(match[1] ?? match[2] ?? match[3]);
  return segments;
}

interface KeyAt {
  path: string[];
  line: number;
  start: number;
  end: number;
}

/** Every key that starts a line, with its full dotted path and where it is written. */
function keysOf(lines: LineIndex): KeyAt[] {
  const keys: KeyAt[] = [];
  let table: string[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const header = HEADER.exec(text);
    if (header) {
      table = keySegments(header[1]);
      const start = text.indexOf(header[1]);
      keys.push({ path: table, line, start, end: start + header[1].length });
      continue;
    }
    const key = KEY_LINE.exec(text);
    if (key) keys.push({ path: [...table, ...keySegments(key[2])], line, start: key[1].length, end: key[1].length + key[2].length });
  }
  return keys;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/**
 * The range of the key at `path` (e.g. tool, stacklint, severity, print-call),
 * or of the nearest enclosing key that can be found; with `element`, the
 * quoted string of that value after the key (an array item). Line 0 when
 * nothing matches.
 */
export function locateKey(text: string, path: readonly string[], element?: string): Range {
  const lines = new LineIndex(text);
  let best: KeyAt | undefined;
  for (const key of keysOf(lines)) {
    if (!isPrefix(key.path, path)) continue;
    if (!best || key.path.length > best.path.length) best = key;
    if (key.path.length === path.length) break;
  }
  if (!best) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const keyStart = lines.lineStart(best.line);
  if (best.path.length < path.length) {
    // An inline table: look for the remaining key after the one found.
    const rest = path[path.length - 1];
    const found = findWord(text, rest, keyStart + best.end);
    if (found >= 0) return lines.range(found, found + rest.length + (text[found] === '"' || text[found] === "'" ? 2 : 0));
  }
  if (element !== undefined) {
    for (const quoted of [JSON.stringify(element), `'${element}'`]) {
      const at = text.indexOf(quoted, keyStart + best.end);
      if (at >= 0) return lines.range(at, at + quoted.length);
    }
  }
  return lines.range(keyStart + best.start, keyStart + best.end);
}

/** The offset of `word` as a key (bare or quoted) after `from`, or -1. */
function findWord(text: string, word: string, from: number): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![A-Za-z0-9_-])("${escaped}"|'${escaped}'|${escaped})(?![A-Za-z0-9_-])\\s*=`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : -1;
}
