import type { Node } from './parse';
import type { Edit } from '../core/types';
import type { PythonFile } from './file';
import { compareMembers, sortedImportEdit } from './importOrder';
import { statementLineAtOrAfter, statementLineAtOrBefore } from './statementLines';

/** How a fix refers to `module.name`, and the import edits that make it valid. */
export interface Reference {
  expression: string;
  edits: Edit[];
  /** No name could be found or added without clashing: the fix must not be offered. */
  unavailable?: boolean;
}

/**
 * Finds or adds a way to name `module.name` where `at` stands, following the
 * file's own import style: an existing `from module import name`, an
 * existing `import module as m` (giving `m.name`), an existing
 * `from module import ...` to extend, or a new `from module import name`.
 * A name that is taken (at module level or shadowed where `at` stands) gets
 * an alias instead: `from datetime import timezone as datetime_timezone`.
 */
export function referenceTo(file: PythonFile, module: string, name: string, at?: Node): Reference {
  const wanted = `${module}.${name}`;
  const visible = (local: string) => !at || file.binding(local, at) === file.module.bindings.get(local);
  let moduleAlias: string | undefined;
  for (const [local, binding] of file.module.bindings) {
    if (binding.kind !== 'import' || !visible(local)) continue;
    if (binding.qualified === wanted) return { expression: local, edits: [] };
    if (binding.qualified === module) moduleAlias = local;
  }
  if (moduleAlias) return { expression: `${moduleAlias}.${name}`, edits: [] };
  const free = (local: string) => !file.module.bindings.has(local) && (!at || file.binding(local, at) === undefined);
  if (!free(name)) {
    const alias = `${module.replace(/\./g, '_')}_${name}`;
    if (!free(alias)) return { expression: alias, edits: [], unavailable: true };
    return { expression: alias, edits: [insertImport(file, `from ${module} import ${name} as ${alias}`, at)] };
  }
  // Code that runs at import time can only use an import that comes before it.
  return { expression: name, edits: [importNameEdit(file, module, name, at)] };
}

/**
 * The edit that makes `from module import name` hold, where isort puts it:
 * added to an existing `from module import ...`, else a new statement.
 * The caller has made sure the name is free.
 */
export function importNameEdit(file: PythonFile, module: string, name: string, at?: Node): Edit {
  const existing = topLevelImports(file).find(
    (node) =>
      node.type === 'import_from_statement' && node.childForFieldName('module_name')?.text === module && !node.text.includes('*') &&
      (!at || !runsAtImport(file, at) || node.endIndex <= at.startIndex),
  );
  const names = existing?.childrenForFieldName('name').filter((n): n is Node => n !== null) ?? [];
  if (existing && names.length > 0) return addMember(file, existing, names, name);
  return insertImport(file, `from ${module} import ${name}`, at);
}

/** Adds `name` to a `from x import a, b` at isort's place among the names, keeping a one-per-line layout. */
function addMember(file: PythonFile, statement: Node, names: Node[], name: string): Edit {
  const importedName = (node: Node) => (node.type === 'aliased_import' ? (node.childForFieldName('name')?.text ?? node.text) : node.text);
  const next = names.find((node) => compareMembers(importedName(node), name) > 0);
  // One name per line only inside parentheses: a line break elsewhere (after a backslash) would end the statement.
  const parenthesized = statement.children.some((child) => child?.type === '(');
  const multiLine = parenthesized && file.lines.positionAt(statement.startIndex).line !== file.lines.positionAt(statement.endIndex).line;
  if (next) {
    const at = file.lines.positionAt(next.startIndex);
    const indent = file.lines.lineText(at.line).slice(0, at.character);
    const separator = multiLine && indent.trim() === '' ? `,\n${indent}` : ', ';
    return { range: { start: at, end: at }, newText: `${name}${separator}` };
  }
  const last = names[names.length - 1];
  const end = file.lines.positionAt(last.endIndex);
  const start = file.lines.positionAt(last.startIndex);
  const indent = file.lines.lineText(start.line).slice(0, start.character);
  const separator = multiLine && indent.trim() === '' ? `,\n${indent}` : ', ';
  return { range: { start: end, end }, newText: `${separator}${name}` };
}


/** True when `node` runs while the module is imported (module or class level), not later in a function. */
export function runsAtImport(file: PythonFile, node: Node): boolean {
  return file.enclosingCallable(node) === undefined;
}

/** True when the text `edit` inserts is in place before `node` runs. */
export function insertedBefore(file: PythonFile, edit: Edit, node: Node): boolean {
  if (!runsAtImport(file, node)) return true;
  const line = file.lines.positionAt(node.startIndex).line;
  const start = edit.range.start;
  return start.line < line || (start.line === line && start.character === 0);
}

/** The imports at the top of the module, before its first other statement (a docstring and comments aside). */
function leadingImports(file: PythonFile): Node[] {
  const block: Node[] = [];
  for (const child of file.topLevel()) {
    if (child.type === 'comment') continue;
    if (block.length === 0 && child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string') continue;
    if (child.type !== 'import_statement' && child.type !== 'import_from_statement' && child.type !== 'future_import_statement') break;
    block.push(child);
  }
  return block;
}

/** The module body's own import statements, in order. */
export function topLevelImports(file: PythonFile): Node[] {
  return [...file.nodes('import_statement'), ...file.nodes('import_from_statement'), ...file.nodes('future_import_statement')]
    .filter((node) => file.isTopLevel(node))
    .sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * An edit that adds `statement` where isort (and Ruff's `I` rules) would, so
 * a sorted file stays sorted; with no imports at all, after the docstring.
 */
export function insertImport(file: PythonFile, statement: string, usedAt?: Node): Edit {
  const imports = topLevelImports(file);
  // isort sorts the block of imports at the top; imports further down (after code) are left where they are.
  const block = leadingImports(file);
  const edit = sortedImportEdit(file, block.length > 0 ? block : imports, statement, (anchor, text) => insertLineAfter(file, anchor, text)) ?? insertLineAfter(file, importAnchor(file), statement);
  const ordinary = imports.filter((node) => node.type !== 'future_import_statement');
  // Module-level code below the imports may use the name before isort's place: go above all imports then.
  if (!usedAt || insertedBefore(file, edit, usedAt)) return edit;
  const above = (line: number): Edit => {
    const at = { line: statementLineAtOrBefore(file, line), character: 0 };
    return { range: { start: at, end: at }, newText: `${statement}\n` };
  };
  const first = ordinary.length > 0 ? above(file.lines.positionAt(ordinary[0].startIndex).line) : undefined;
  if (first && insertedBefore(file, first, usedAt)) return first;
  // A use above every import (the first imports sit in a block, or come late): the line goes above the statement of that use, as an import block of its own (a blank line after it, as isort leaves one).
  const own = above(file.lines.positionAt(usedAt.startIndex).line);
  return { ...own, newText: `${own.newText}\n` };
}

/** Inserts whole lines after the line where `anchor` ends (or at the top). */
export function insertLineAfter(file: PythonFile, anchor: Node | undefined, text: string): Edit {
  if (!anchor) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${text}\n` };
  // Not into the rest of the anchor's logical line: a backslash continuation or a statement after a semicolon.
  const line = statementLineAtOrAfter(file, file.lines.positionAt(anchor.endIndex).line + 1);
  if (line >= file.lines.lineCount) {
    const last = file.lines.lineCount - 1;
    const at = { line: last, character: file.lines.lineText(last).length };
    return { range: { start: at, end: at }, newText: `\n${text}` };
  }
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${text}\n` };
}

export function importAnchor(file: PythonFile): Node | undefined {
  const imports = topLevelImports(file);
  if (imports.length > 0) return imports[imports.length - 1];
  let first = file.tree.rootNode.firstNamedChild;
  while (first?.type === 'comment') first = first.nextNamedSibling;
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') return first;
  return undefined;
}
