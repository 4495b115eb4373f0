import type { Node } from '../parse/python';
import type { Edit } from '../engine/types';
import type { PythonFile } from './file';

/** How a fix refers to `module.name`, and the import edits that make it valid. */
export interface Reference {
  expression: string;
  edits: Edit[];
}

/**
 * Finds or adds a way to name `module.name` at module level, following the
 * file's own import style: an existing `from module import name`, an
 * existing `import module as m` (giving `m.name`), an existing
 * `from module import ...` to extend, or a new `from module import name`.
 */
export function referenceTo(file: PythonFile, module: string, name: string): Reference {
  const wanted = `${module}.${name}`;
  let moduleAlias: string | undefined;
  for (const [local, binding] of file.module.bindings) {
    if (binding.kind !== 'import') continue;
    if (binding.qualified === wanted) return { expression: local, edits: [] };
    if (binding.qualified === module) moduleAlias = local;
  }
  if (moduleAlias) return { expression: `${moduleAlias}.${name}`, edits: [] };
  if (file.module.bindings.has(name)) {
    // The short name is taken by something else, so import the module instead.
    return { expression: wanted, edits: [insertImport(file, `import ${module}`)] };
  }
  const existing = topLevelImports(file).find(
    (node) => node.type === 'import_from_statement' && node.childForFieldName('module_name')?.text === module && !node.text.includes('*'),
  );
  if (existing) {
    const names = existing.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const last = names[names.length - 1];
    if (last) {
      const at = file.lines.positionAt(last.endIndex);
      return { expression: name, edits: [{ range: { start: at, end: at }, newText: `, ${name}` }] };
    }
  }
  return { expression: name, edits: [insertImport(file, `from ${module} import ${name}`)] };
}

/** Ensures `import module` exists at module level; returns the local name and edits. */
export function moduleReference(file: PythonFile, module: string): Reference {
  for (const [local, binding] of file.module.bindings) {
    if (binding.kind === 'import' && binding.qualified === module) return { expression: local, edits: [] };
  }
  return { expression: module, edits: [insertImport(file, `import ${module}`)] };
}

export function topLevelImports(file: PythonFile): Node[] {
  return file.tree.rootNode.namedChildren.filter(
    (node): node is Node =>
      node !== null && (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement'),
  );
}

/** An edit that adds `statement` after the last top-level import, or after the docstring. */
export function insertImport(file: PythonFile, statement: string): Edit {
  return insertLineAfter(file, importAnchor(file), statement);
}

/** Inserts whole lines after the line where `anchor` ends (or at the top). */
export function insertLineAfter(file: PythonFile, anchor: Node | undefined, text: string): Edit {
  if (!anchor) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${text}\n` };
  const end = file.lines.positionAt(anchor.endIndex);
  if (end.line + 1 >= file.lines.lineCount) {
    const at = { line: end.line, character: file.lines.lineText(end.line).length };
    return { range: { start: at, end: at }, newText: `\n${text}` };
  }
  const at = { line: end.line + 1, character: 0 };
  return { range: { start: at, end: at }, newText: `${text}\n` };
}

export function importAnchor(file: PythonFile): Node | undefined {
  const imports = topLevelImports(file);
  if (imports.length > 0) return imports[imports.length - 1];
  const first = file.tree.rootNode.namedChildren.find((n) => n !== null && n.type !== 'comment');
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') return first;
  return undefined;
}
