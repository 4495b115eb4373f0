import type { Edit } from '../core/types';
import type { DockerfileFile } from './file';
import type { Word } from './shell';

/** Text that may sit between two words of one command: blanks, JSON commas, line continuations. */
function separatorOnly(file: DockerfileFile, start: number, end: number): boolean {
  const between = file.text.slice(start, end).split(file.escape).join('');
  return start <= end && /^[\s,]*$/.test(between);
}

/**
 * Removes a group of consecutive words from a command with the separator
 * before them (or after them when they come first), so `"app", "--reload"]`
 * becomes `"app"]` and `app --reload --port 80` becomes `app --port 80`.
 * Quoted words go whole. Undefined when the words' own offsets are not known
 * or the group is not cleanly separated from its neighbours.
 */
export function removeWords(file: DockerfileFile, words: readonly Word[], group: readonly Word[]): Edit | undefined {
  if (words.some((word) => word.approximate)) return undefined;
  const first = words.indexOf(group[0]);
  const last = words.indexOf(group[group.length - 1]);
  if (first < 0 || last < 0) return undefined;
  const before = words[first - 1];
  const after = words[last + 1];
  // A comment line inside the group would go with it: no fix rather than a lost comment.
  if (group.some((word, i) => i > 0 && !separatorOnly(file, group[i - 1].end, word.start))) return undefined;
  const start = group[0].start;
  const end = group[group.length - 1].end;
  if (before && separatorOnly(file, before.end, start)) return { range: file.range(before.end, end), newText: '' };
  if (after && separatorOnly(file, end, after.start)) return { range: file.range(start, after.start), newText: '' };
  return undefined;
}

/** Inserts `text` as a new word right after `word` (a JSON string in exec form). */
export function insertAfterWord(file: DockerfileFile, word: Word, text: string, exec: boolean): Edit | undefined {
  if (word.approximate || (!exec && !word.exact)) return undefined;
  const at = file.range(word.end, word.end);
  return { range: at, newText: exec ? `, ${JSON.stringify(text)}` : ` ${text}` };
}
