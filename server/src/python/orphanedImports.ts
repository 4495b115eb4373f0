// A fix must not leave an unused import behind (Ruff's F401). When a fix
// removes the last use of an imported name (`print(..., file=sys.stderr)`
// becoming `logger.error(...)` leaves `import sys` unused), the import goes
// too; and after a --fix pass, imports whose uses the pass removed (two fixes
// that each removed one of the last two uses) or that it added unused are
// removed. Only imports that are the one binding of their name in their scope
// (so every use of that name there is theirs) and never written in a string
// (`__all__`, string annotations) are touched: `import x` in a function goes
// with its last use even when the module imports `x` too, or when another
// function of the same name imports it as well.
import type { Edit, Fix } from '../core/types';
import type { PythonFile } from './file';
import { importBoundName } from './bindings';
import { identifiersNamed, isNameUse } from './names';
import type { Node } from './parse';
import type { Scope } from './scopes';

interface ImportedName {
  name: string;
  /** The name and the scope that binds it (`f.g#0:name`), the same before and after a fix pass. */
  key: string;
  /** The scope's path (`f.g`), shared by same-named definitions. */
  path: string;
  statement: Node;
  /** The `dotted_name` or `aliased_import` in the statement that binds the name. */
  nameNode: Node;
  /** Start offsets of the identifiers that resolve to this import (found on first need: most fixes concern no import). */
  uses?: number[];
  /** Written inside a string somewhere: it may be used by name (`__all__`), so never removed. */
  mentioned?: boolean;
}

interface Imports {
  /** By key: the imports that are the only binding of their name in their scope. */
  unique: Map<string, ImportedName>;
  /** The imports of names their scope binds more than once (never removed: a fix that takes away all their uses is withdrawn). */
  shared: ImportedName[];
  /** The key of every name an import binds. */
  all: Set<string>;
  /** How many scopes have each path: keys match across a pass only while these do. */
  scopesPerPath: Map<string, number>;
}

const cache = new WeakMap<PythonFile, Imports>();

function namesOf(statement: Node): Node[] {
  const nodes = statement.type === 'import_statement' ? statement.namedChildren : statement.childrenForFieldName('name');
  return nodes.filter((node): node is Node => node?.type === 'dotted_name' || node?.type === 'aliased_import');
}

function boundName(statement: Node, nameNode: Node): string {
  return importBoundName(statement.type, nameNode) ?? '';
}

/** `f.C.g` for a scope: the names of the definitions around it, which fixes do not change. */
function scopePath(scope: Scope): string {
  const names: string[] = [];
  for (let current: Scope | undefined = scope; current && current.kind !== 'module'; current = current.parent) {
    names.unshift(current.node.childForFieldName('name')?.text ?? `<${current.kind}>`);
  }
  return names.join('.');
}

function eachScope(scope: Scope, visit: (scope: Scope) => void): void {
  visit(scope);
  for (const child of scope.children) eachScope(child, visit);
}

/** The file's imports that are the one binding of their name in their scope (their uses are resolved on demand). */
function importedNames(file: PythonFile): Imports {
  const cached = cache.get(file);
  if (cached) return cached;
  // Not for a name bound more than once in its scope: another binding (a second import, an assignment) could be what a use meant.
  const found = new Map<string, ImportedName>();
  const all = new Set<string>();
  const scopesPerPath = new Map<string, number>();
  const shared: ImportedName[] = [];
  eachScope(file.module, (scope) => {
    const path = scopePath(scope);
    // Same-named definitions (`def f` in both branches of an `if`) are told apart by their order, which fixes keep.
    const ordinal = scopesPerPath.get(path) ?? 0;
    scopesPerPath.set(path, ordinal + 1);
    for (const [name, history] of scope.history) {
      if (!history.some((binding) => binding.kind === 'import')) continue;
      const key = `${path}#${ordinal}:${name}`;
      all.add(key);
      const statement = history[0].node;
      const nameNode = history.length === 1 ? namesOf(statement).find((node) => boundName(statement, node) === name) : undefined;
      if (nameNode) found.set(key, { name, key, path, statement, nameNode });
      else for (const binding of history) if (binding.kind === 'import') shared.push({ name, key, path, statement: binding.node, nameNode: binding.node });
    }
  });
  const imports = { unique: found, shared, all, scopesPerPath };
  cache.set(file, imports);
  return imports;
}

/** The start offsets of the identifiers that resolve to the import. */
function usesOf(file: PythonFile, entry: ImportedName): number[] {
  if (!entry.uses) {
    entry.uses = [];
    for (const identifier of identifiersNamed(file, entry.name)) {
      if (!isNameUse(identifier)) continue;
      const binding = file.binding(entry.name, identifier);
      if (binding?.kind === 'import' && binding.node.id === entry.statement.id) entry.uses.push(identifier.startIndex);
    }
  }
  return entry.uses;
}

/** True when some string that can name an import (`__all__`, an annotation) holds the imported name. */
function isMentioned(file: PythonFile, entry: ImportedName): boolean {
  if (entry.mentioned === undefined) {
    entry.mentioned = file.nodes('string').some((string) => {
      const content = nameLikeContent(string.text);
      return content !== undefined && containsWord(content, entry.name);
    });
  }
  return entry.mentioned;
}

/**
 * The whole words that start in the spans of the text. Read from the spans
 * alone: searching the text for each import's name ran on to the end of the
 * file for every import and every fix, quadratic on a long file.
 */
function wordsIn(text: string, spans: readonly Span[]): Set<string> {
  const words = new Set<string>();
  for (const span of spans) {
    // A word the span starts inside of does not start in it; one it ends inside of is read to its end.
    let from = span.start;
    while (from < span.end && WORD_CHAR.test(text[from - 1] ?? '')) from++;
    if (from >= span.end) continue;
    let to = span.end;
    while (to < text.length && WORD_CHAR.test(text[to - 1] ?? '') && WORD_CHAR.test(text[to])) to++;
    for (const word of text.slice(from, to).match(WORDS) ?? []) words.add(word);
  }
  return words;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const WORDS = /[\p{L}\p{N}_]+/gu;

/**
 * The content of a string that can name an import: `"sys"` in `__all__`, or
 * a string annotation (`"Optional[Path]"`); undefined for prose (a docstring).
 */
function nameLikeContent(literal: string): string | undefined {
  const content = literal.replace(/^[A-Za-z]*(?:"""|'''|"|')/, '').replace(/(?:"""|'''|"|')$/, '');
  return content.split(/[,|]/).every((piece) => !/\s/.test(piece.trim())) ? content : undefined;
}

function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!/[\p{L}\p{N}_]/u.test(text[at - 1] ?? '') && !/[\p{L}\p{N}_]/u.test(text[at + word.length] ?? '')) return true;
  }
  return false;
}

/** True when the statement has its lines to itself and is not the only statement of its block. */
function removableAlone(file: PythonFile, statement: Node): boolean {
  const text = file.text;
  const lineStart = file.lines.lineStart(file.lines.positionAt(statement.startIndex).line);
  if (text.slice(lineStart, statement.startIndex).trim() !== '') return false;
  const endLine = file.lines.positionAt(statement.endIndex).line;
  const rest = file.lines.lineText(endLine).slice(file.lines.positionAt(statement.endIndex).character).trim();
  if (rest !== '' && !rest.startsWith('#')) return false;
  const parent = statement.parent;
  if (!parent || parent.type === 'module') return true;
  return parent.type === 'block' && parent.namedChildren.filter((child) => child && child.type !== 'comment').length > 1;
}

interface Span {
  start: number;
  end: number;
  newText: string;
}

/**
 * The edits that remove `entry` from its import statement, given the edits of
 * the fix it joins (offsets in the same text); undefined when that cannot be
 * done cleanly. A fix that extends the same statement (`, ConfigDict` after
 * the name) has that insertion folded into the removal.
 */
function removal(file: PythonFile, entry: ImportedName, spans: Span[]): { remove: Edit[]; dropped: Span[] } | undefined {
  const names = namesOf(entry.statement);
  const index = names.findIndex((node) => node.id === entry.nameNode.id);
  const range = (start: number, end: number) => file.lines.range(start, end);
  const inside = (start: number, end: number) => spans.filter((span) => span.start < end && span.end > start && !(span.start === span.end && (span.start === start || span.start === end)));
  if (names.length === 1) {
    const appended = spans.find((span) => span.start === entry.nameNode.endIndex && span.end === span.start && span.newText.startsWith(', '));
    if (appended) {
      // `from m import Old` that the fix extends to `from m import Old, New`: becomes `from m import New`.
      return { remove: [{ range: range(entry.nameNode.startIndex, entry.nameNode.endIndex), newText: appended.newText.slice(2) }], dropped: [appended] };
    }
    const prepended = spans.find((span) => span.start === entry.nameNode.startIndex && span.end === span.start && span.newText.endsWith(', '));
    if (prepended) {
      // `from m import Old` that the fix extends to `from m import New, Old` (sorted): becomes `from m import New`.
      return { remove: [{ range: range(entry.nameNode.startIndex, entry.nameNode.endIndex), newText: prepended.newText.slice(0, -2) }], dropped: [prepended] };
    }
    if (!removableAlone(file, entry.statement)) return undefined;
    const start = file.lines.lineStart(file.lines.positionAt(entry.statement.startIndex).line);
    const endLine = file.lines.positionAt(entry.statement.endIndex).line;
    const end = endLine + 1 < file.lines.lineCount ? file.lines.lineStart(endLine + 1) : file.text.length;
    if (inside(start, end).length > 0) return undefined;
    return { remove: [{ range: range(start, end), newText: '' }], dropped: [] };
  }
  const [start, end] = index < names.length - 1 ? [entry.nameNode.startIndex, names[index + 1].startIndex] : [names[index - 1].endIndex, entry.nameNode.endIndex];
  if (inside(start, end).length > 0) return undefined;
  return { remove: [{ range: range(start, end), newText: '' }], dropped: [] };
}

/**
 * The fix, plus the removal of every import whose last use its edits take
 * away; undefined when such an import cannot be taken out cleanly (it shares
 * its line, is its block's only statement, or stands in a part of the file
 * the parser could not read), since the fix would leave it unused.
 */
export function withOrphanedImportsRemoved(file: PythonFile, fix: Fix): Fix | undefined {
  const local = fix.edits.filter((edit) => edit.file === undefined);
  if (local.length === 0) return fix;
  const { unique: names, shared } = importedNames(file);
  if (names.size === 0 && shared.length === 0) return fix;
  let spans: Span[] = local.map((edit) => ({ start: file.lines.offsetAt(edit.range.start), end: file.lines.offsetAt(edit.range.end), newText: edit.newText }));
  const added: Edit[] = [];
  const removed: Span[] = [];
  // Every use lies in an edited span only if the name is spelt in one: most imports are ruled out without resolving a use.
  const spelled = wordsIn(file.text, spans);
  const takesAllUses = (entry: ImportedName) => {
    const uses = usesOf(file, entry);
    return uses.length > 0 && uses.every((use) => spans.some((span) => span.start <= use && use < span.end));
  };
  // `from m import x` twice in one scope: which one may go is not this fix's to decide, and leaving one unused is not allowed.
  if (shared.some((entry) => spelled.has(entry.name) && !spans.some((span) => containsWord(span.newText, entry.name)) && takesAllUses(entry))) return undefined;
  for (const entry of names.values()) {
    if (!spelled.has(entry.name)) continue;
    if (spans.some((span) => containsWord(span.newText, entry.name))) continue;
    if (!takesAllUses(entry)) continue;
    // Named in a string too (`__all__`, an annotation, or just a word like "sys.views"): whether the import stays used cannot be told, so no fix.
    if (isMentioned(file, entry)) return undefined;
    const result = removal(file, entry, [...spans, ...removed]);
    if (!result) {
      // A fix that rewrites the import statement itself (pytz's, a renamed import) takes care of it.
      if (spans.some((span) => span.start < entry.statement.endIndex && span.end > entry.statement.startIndex)) continue;
      return undefined;
    }
    spans = spans.filter((span) => !result.dropped.includes(span));
    added.push(...result.remove);
    // Later removals must not overlap this one (two names of one statement).
    removed.push(...result.remove.map((edit) => ({ start: file.lines.offsetAt(edit.range.start), end: file.lines.offsetAt(edit.range.end), newText: edit.newText })));
  }
  if (added.length === 0) return fix;
  const kept = spans.map((span) => ({ range: file.lines.range(span.start, span.end), newText: span.newText }));
  return { ...fix, edits: [...kept, ...added, ...fix.edits.filter((edit) => edit.file !== undefined)] };
}

/**
 * After a --fix pass: removes imports the pass left unused, those that had
 * uses before it and none now, and those it added that nothing uses.
 */
export function importsOrphanedByPass(before: PythonFile, after: PythonFile): Edit[] {
  const previous = importedNames(before);
  const current = importedNames(after);
  const edits: Edit[] = [];
  const taken: Span[] = [];
  for (const entry of current.unique.values()) {
    if (usesOf(after, entry).length > 0 || isMentioned(after, entry)) continue;
    // A pass that removed or added a definition of this path (a nested `class Config`) leaves the order unreliable.
    if (previous.scopesPerPath.get(entry.path) !== current.scopesPerPath.get(entry.path)) continue;
    const earlier = previous.unique.get(entry.key);
    // Unused before the pass (not the pass's doing), or bound twice in its scope then: left alone.
    if (earlier ? usesOf(before, earlier).length === 0 : previous.all.has(entry.key)) continue;
    const result = removal(after, entry, taken);
    if (!result) continue;
    edits.push(...result.remove);
    taken.push(...result.remove.map((edit) => ({ start: after.lines.offsetAt(edit.range.start), end: after.lines.offsetAt(edit.range.end), newText: edit.newText })));
  }
  return edits;
}
