import type { IncrementalParse, TextUnit } from '../core/module';
import { lastAtOrBefore } from '../core/text';
import type { PythonFile } from './file';
import type { Node, Tree } from './parse';
import { isNameUse } from './names';
import type { Binding, Scope } from './scopes';
import { tokensOf } from './tokens';
import { valueFacts } from './value-facts';

/**
 * What an editor needs to re-check only the statements an edit touched: the
 * file cut into units of whole lines (one per top-level statement, and one
 * per statement of a top-level class's body), the facts each unit gives the
 * rest of the file, and where the syntax changed since the previous tree.
 */
export function pythonIncremental(file: PythonFile, previous: Tree | undefined): IncrementalParse {
  let cut: Statement[] | undefined;
  // The statements, asked of the tree once (each node crosses into JavaScript at a cost).
  const statements = () => (cut ??= unitStatements(file));
  return {
    lineCount: file.lines.lineCount,
    units: () => units(file, statements()),
    changedRanges: previous ? () => previous.getChangedRanges(file.tree).map((range) => ({ start: range.startIndex, end: range.endIndex })) : undefined,
    facts: (all, from, to) => facts(file, statements().map((statement) => statement.node), all, from, to),
    checkOnly: (ranges) => file.checkOnly(ranges),
  };
}

/** A statement that starts a unit, with the rows it covers (a class's header ends where its body starts). */
interface Statement {
  node: Node;
  startRow: number;
  endRow: number;
}

/**
 * The module's statements, with each top-level class (decorated or not)
 * cut into its header and the statements of its body: an edit inside one
 * method of a long class then re-checks that method, not the class.
 */
function unitStatements(file: PythonFile): Statement[] {
  const found: Statement[] = [];
  for (const node of file.topLevel()) {
    // Each read of a node's type crosses into the parser: read once per statement.
    const type = node.type;
    if (type === 'comment') continue;
    const definition = type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    const body = (definition === node ? type : definition?.type) === 'class_definition' ? definition!.childForFieldName('body') : null;
    const members = body ? body.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment') : [];
    const startRow = node.startPosition.row;
    // A body on the header's line (`class A: pass`) stays with it.
    if (members.length === 0 || members[0].startPosition.row <= startRow) {
      found.push({ node, startRow, endRow: node.endPosition.row });
      continue;
    }
    found.push({ node, startRow, endRow: members[0].startPosition.row - 1 });
    for (const member of members) found.push({ node: member, startRow: member.startPosition.row, endRow: member.endPosition.row });
  }
  return found;
}

/**
 * One unit per statement, from the start of the line where it starts to the
 * start of the next unit's line; statements sharing a line (`a = 1; b = 2`)
 * and the comments after a statement share its unit, and the first unit
 * starts at the top of the file.
 */
function units(file: PythonFile, statements: Statement[]): TextUnit[] {
  const found: TextUnit[] = [];
  let lastRow = -1;
  for (const { startRow: row, endRow } of statements) {
    if (row > lastRow) {
      const start = found.length === 0 ? 0 : file.lines.lineStart(row);
      if (found.length > 0) found[found.length - 1].end = start;
      found.push({ start, end: file.text.length, line: found.length === 0 ? 0 : row });
    }
    lastRow = Math.max(lastRow, endRow);
  }
  if (found.length === 0) found.push({ start: 0, end: file.text.length, line: 0 });
  return found;
}

/** Names whose uses anywhere decide a fix: every imported name, and those fixes add. */
const ADDED_NAMES = ['logger', 'logging', 'timezone', 'datetime', 'datetime_timezone'];

const IMPORT_TYPES = ['import_statement', 'import_from_statement', 'future_import_statement'];
const IMPORT_KEYWORDS = new Set(['import', 'from', 'as']);
const WORD = /[\p{L}\p{N}_]/u;

/**
 * For units [from, to), a text that changes whenever what the unit tells the rest
 * of the file changes: the kind of each of its statements, the module-level
 * names it binds (whether at top level, with the assignment's text), its
 * imports and its `global`/`nonlocal` declarations, what each spelling of an imported
 * or fix-added name in it means (a use and what it resolves to, or the line
 * of a string that mentions it), and what it tells constant folding elsewhere
 * (value-facts.ts).
 */
function facts(file: PythonFile, statements: Node[], all: readonly TextUnit[], from: number, to: number): string[] {
  const parts: string[][] = all.slice(from, to).map(() => []);
  const [start, end] = [all[from].start, all[to - 1].end];
  const unitAt = (offset: number) => lastAtOrBefore(all.length, (index) => all[index].start, offset);
  const add = (offset: number, fact: string) => {
    if (offset >= start && offset < end) parts[unitAt(offset) - from].push(fact);
  };
  for (const statement of statements) {
    if (statement.startIndex < start || statement.startIndex >= end) continue;
    const docstring = statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
    add(statement.startIndex, `s:${docstring ? 'docstring' : statement.type}`);
  }
  for (const [name, list] of file.module.history) {
    for (const binding of list) {
      if (binding.node.startIndex < start || binding.node.startIndex >= end) continue;
      // Whether it is top-level too: a rule may trust only a binding there (a module-level logger), and typing before it on its line moves it.
      add(binding.node.startIndex, `b:${name}:${bindingFact(binding)}:${file.isTopLevel(binding.node) ? 'top' : 'nested'}`);
    }
  }
  // A class body's statements are units of their own: what one binds in the class (or its header in its type parameters), the others read.
  for (const scope of classScopes(file.module)) {
    if (scope.node.endIndex <= start || scope.node.startIndex >= end) continue;
    for (const [name, list] of scope.history) {
      for (const binding of list) {
        if (binding.node.startIndex < start || binding.node.startIndex >= end) continue;
        add(binding.node.startIndex, `c:${name}:${bindingFact(binding)}`);
      }
    }
  }
  const watched = new Set(ADDED_NAMES);
  for (const type of IMPORT_TYPES) {
    for (const statement of file.nodes(type)) {
      // Every import names what is watched; only the edited units' imports are facts.
      if (statement.startIndex >= start && statement.startIndex < end) add(statement.startIndex, `i:${tokensOf(statement)}`);
      for (const word of statement.text.match(/[\p{L}\p{N}_]+/gu) ?? []) if (!IMPORT_KEYWORDS.has(word)) watched.add(word);
    }
  }
  for (const type of ['global_statement', 'nonlocal_statement']) {
    for (const statement of file.nodes(type)) if (statement.startIndex >= start && statement.startIndex < end) add(statement.startIndex, `g:${tokensOf(statement)}`);
  }
  valueFacts(file, start, end, add);
  const text = file.text;
  const spellings: { at: number; name: string }[] = [];
  // Searched in the edited units' text alone: a name missing there would otherwise be sought to the end of the file.
  const span = text.slice(start, end);
  for (const name of watched) {
    for (let i = span.indexOf(name); i >= 0; i = span.indexOf(name, i + name.length)) {
      const at = start + i;
      if (!WORD.test(text[at - 1] ?? '') && !WORD.test(text[at + name.length] ?? '')) spellings.push({ at, name });
    }
  }
  spellings.sort((a, b) => a.at - b.at);
  for (const { at, name } of spellings) {
    const fact = meaning(file, name, at);
    if (fact !== undefined) add(at, `n:${name}:${fact}`);
  }
  return parts.map((list) => list.join('\n'));
}

/**
 * The scopes of the module's classes and of their type parameters
 * (`class A[T]:` binds T for the whole body), where a class's statements
 * bind names the others read.
 */
function classScopes(module: Scope): Scope[] {
  const found: Scope[] = [];
  const visit = (scope: Scope) => {
    for (const child of scope.children) {
      if (child.kind !== 'class' && child.kind !== 'annotation') continue;
      found.push(child);
      visit(child);
    }
  };
  visit(module);
  return found;
}

/** What a binding is: its kind, what it imports, and its statement. */
function bindingFact(binding: Binding): string {
  const detail = binding.kind === 'import' ? binding.qualified : binding.kind === 'star' ? binding.module : '';
  return `${binding.kind}:${detail}:${describe(binding.node)}`;
}

/** A binding's statement: an assignment by its tokens (its value may matter), a loop by its header, anything else by its type. */
function describe(node: Node): string {
  if (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'named_expression') return tokensOf(node);
  if (node.type === 'for_statement') return `for ${tokensOf(node.childForFieldName('left'))} in ${tokensOf(node.childForFieldName('right'))}`;
  return node.type;
}

/** What one spelling of a name means: a use and what it resolves to, or the line of text (a string) it stands in; nothing in a comment. */
function meaning(file: PythonFile, name: string, at: number): string | undefined {
  const node = file.tree.rootNode.descendantForIndex(at, at + name.length);
  if (node?.type === 'comment') return undefined;
  if (node?.type === 'identifier' && node.startIndex === at && node.endIndex === at + name.length) {
    if (!isNameUse(node)) return 'name';
    const binding = file.binding(name, node);
    const detail = binding?.kind === 'import' ? binding.qualified : binding?.kind === 'star' ? binding.module : '';
    return `use:${binding?.kind ?? 'free'}:${detail}`;
  }
  return `text:${file.lines.lineText(file.lines.positionAt(at).line)}`;
}
