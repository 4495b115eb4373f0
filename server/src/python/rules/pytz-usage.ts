/**
 * ## What it does
 * Flags `import pytz` and `from pytz import ...`.
 *
 * ## Why is this bad?
 * The standard uses the standard library's `zoneinfo` and
 * `datetime.timezone.utc` (§3.2). pytz's time zones behave wrongly when
 * passed as `tzinfo=` (they need `localize()`), and pytz is banned (§3.2).
 *
 * ## Example
 * ```python
 * import pytz
 *
 * PARIS = pytz.timezone("Europe/Paris")
 * stamp = datetime.now(pytz.utc)
 * ```
 *
 * ## Use instead
 * ```python
 * from datetime import timezone
 * from zoneinfo import ZoneInfo
 *
 * PARIS = ZoneInfo("Europe/Paris")
 * stamp = datetime.now(timezone.utc)
 * ```
 */
import type { Node } from '../parse';
import type { Edit, Fix } from '../../core/types';
import type { PythonFile } from '../file';
import { importNameEdit, referenceTo, type Reference } from '../imports';
import { isStatementLineStart } from '../statementLines';
import { isNameUse } from '../names';
import { definePythonRule } from '../rule';

export default definePythonRule({
  meta: {
    id: 'pytz-usage',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['TID251'],
    fixable: true,
    summary: '`import pytz`, `from pytz import ...`',
    sections: ['§3.2'],
  },
  check(file, report) {
    const imports = [...file.nodes('import_statement'), ...file.nodes('import_from_statement')].filter(importsPytz);
    if (imports.length === 0) return;
    const fix = zoneinfoFix(file, imports);
    for (const statement of imports) {
      report({
        range: file.range(statement),
        message: 'pytz is banned; use `zoneinfo.ZoneInfo` and `datetime.timezone.utc` (§3.2)',
        fix,
      });
    }
  },
});

function importsPytz(statement: Node): boolean {
  if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name')?.text ?? '';
    return module === 'pytz' || module.startsWith('pytz.');
  }
  return statement.childrenForFieldName('name').some((name) => {
    const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
    return dotted === 'pytz' || dotted?.startsWith('pytz.') === true;
  });
}

/**
 * Rewrites every use of pytz in the file, or gives no fix when one of them
 * has no direct zoneinfo equivalent (`localize`, `normalize`, anything but
 * `utc`/`UTC`/`timezone("...")`).
 */
function zoneinfoFix(file: PythonFile, imports: Node[]): Fix | undefined {
  // The whole import line is removed, so it must import nothing but pytz.
  const sharedLine = (statement: Node) => statement.type === 'import_statement' && statement.childrenForFieldName('name').length > 1;
  // An import on a line a backslash continues into cannot lose its line alone: no fix.
  const continued = (statement: Node) => !isStatementLineStart(file, file.lines.positionAt(statement.startIndex).line);
  if (imports.some((statement) => !file.isTopLevel(statement) || sharedLine(statement) || continued(statement))) return undefined;
  if (file.calls('localize', 'normalize').length > 0) return undefined;
  const importIds = new Set(imports.map((statement) => statement.id));
  const uses: { node: Node; kind: 'utc' | 'timezone' }[] = [];
  // 'done': the node is a use (or an import) and its children need no look; 'blocked': a pytz use no fix covers.
  const classify = (node: Node): 'done' | 'blocked' | 'descend' => {
    if (importIds.has(node.id)) return 'done';
    // A name in another import statement (`import utc`) binds; it does not read pytz's.
    if (node.type === 'identifier' && !isNameUse(node)) return 'done';
    if (node.type === 'attribute' || node.type === 'identifier') {
      const name = file.qualifiedName(node);
      if (name === 'pytz.utc' || name === 'pytz.UTC') {
        uses.push({ node, kind: 'utc' });
        return 'done';
      }
      if (name === 'pytz.timezone' && node.parent?.type === 'call' && node.parent.childForFieldName('function')?.id === node.id) {
        uses.push({ node, kind: 'timezone' });
        return 'done';
      }
      if (name === 'pytz' || name?.startsWith('pytz.')) return 'blocked';
      if (node.type === 'identifier') return 'done';
    }
    return 'descend';
  };
  // In document order with an explicit stack: nesting depth is the input's to choose.
  const stack: Node[] = [file.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const verdict = classify(node);
    if (verdict === 'blocked') return undefined;
    if (verdict === 'descend') {
      // An attribute's name and a keyword's name are not uses of a variable (`x.utc`, `f(utc=1)`).
      const skip = node.type === 'attribute' ? node.childForFieldName('attribute') : node.type === 'keyword_argument' ? node.childForFieldName('name') : null;
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) if (children[i] && children[i]!.id !== skip?.id) stack.push(children[i]!);
    }
  }

  // `from pytz import utc` and another binding of `utc` in the module: which one a use reads is not always clear, so no fix.
  if (uses.some((use) => use.node.type === 'identifier' && (file.module.history.get(use.node.text)?.length ?? 0) > 1)) return undefined;
  const edits: Edit[] = imports.map((statement) => deleteLine(file, statement));
  if (uses.some((use) => use.kind === 'utc')) {
    const timezone = datetimeTimezone(file, imports, uses[0].node);
    if (timezone.unavailable) return undefined;
    edits.push(...timezone.edits);
    for (const use of uses) if (use.kind === 'utc') edits.push({ range: file.range(use.node), newText: `${timezone.expression}.utc` });
  }
  if (uses.some((use) => use.kind === 'timezone')) {
    const zone = referenceTo(file, 'zoneinfo', 'ZoneInfo', uses[0].node);
    if (zone.unavailable) return undefined;
    edits.push(...zone.edits);
    for (const use of uses) if (use.kind === 'timezone') edits.push({ range: file.range(use.node), newText: zone.expression });
  }
  return { title: 'Replace pytz with zoneinfo and datetime.timezone', safe: true, edits: mergeInsertions(edits) };
}

/** `datetime.timezone`, even when the name `timezone` is the pytz import being removed. */
function datetimeTimezone(file: PythonFile, imports: Node[], at: Node): Reference {
  const binding = file.module.bindings.get('timezone');
  if (binding?.kind === 'import' && binding.qualified === 'pytz.timezone' && imports.includes(binding.node)) {
    // The pytz line goes (with the other pytz imports); datetime's timezone goes where isort puts it.
    return { expression: 'timezone', edits: [importNameEdit(file, 'datetime', 'timezone')] };
  }
  return referenceTo(file, 'datetime', 'timezone', at);
}

/**
 * Deletes the statement's lines; when it was alone in its isort section
 * (a blank line on either side, or first in the file with one after), one
 * of those blank lines goes too, so what is left stays as far apart as before.
 */
function deleteLine(file: PythonFile, node: Node): Edit {
  const start = file.lines.positionAt(node.startIndex);
  const end = file.lines.positionAt(node.endIndex);
  const blank = (line: number) => line >= 0 && line < file.lines.lineCount && file.lines.lineText(line).trim() === '';
  let first = start.line;
  let last = end.line + 1;
  if (blank(end.line + 1)) {
    if (blank(start.line - 1)) first = start.line - 1;
    // The first line of the file: the blank line after it goes instead.
    else if (start.line === 0) last = end.line + 2;
  }
  // The last line has no line break to take with it: delete to its end.
  const after = last < file.lines.lineCount ? { line: last, character: 0 } : { line: file.lines.lineCount - 1, character: file.lines.lineText(file.lines.lineCount - 1).length };
  return { range: { start: { line: first, character: 0 }, end: after }, newText: '' };
}

/** Joins edits that replace the same range (a deleted import line that also gains a new import). */
function mergeInsertions(edits: Edit[]): Edit[] {
  const byRange = new Map<string, Edit>();
  for (const edit of edits) {
    const key = JSON.stringify(edit.range);
    const previous = byRange.get(key);
    byRange.set(key, previous ? { ...previous, newText: previous.newText + edit.newText } : edit);
  }
  return [...byRange.values()];
}
