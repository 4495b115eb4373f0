/**
 * ## What it does
 * Flags the legacy ways to make a declarative base: `declarative_base()`
 * (from `sqlalchemy.orm` or `sqlalchemy.ext.declarative`),
 * `registry().generate_base()` (also on a name assigned `registry()`) and
 * the `@as_declarative()` class decorator. The fix, for `declarative_base()`
 * only, turns `Base = declarative_base()` at module level into
 * `class Base(DeclarativeBase): pass`, carrying a `metadata=` argument over
 * as the class's `metadata` attribute; other arguments have no fix.
 *
 * ## Why is this bad?
 * The standard is SQLAlchemy 2.0 (§2.3), whose typed declarative mapping
 * (`DeclarativeBase` with `Mapped[...]` and `mapped_column`) is what type
 * checkers and the documentation expect. `declarative_base()` is the 1.x
 * API, deprecated since 2.0.
 *
 * ## Example
 * ```python
 * from sqlalchemy.orm import declarative_base
 *
 * Base = declarative_base()
 * ```
 *
 * ## Use instead
 * ```python
 * from sqlalchemy.orm import DeclarativeBase
 *
 * class Base(DeclarativeBase):
 *     pass
 * ```
 */
import type { Node } from '../parse';
import { callArguments } from '../calls';
import type { PythonFile } from '../file';
import { referenceTo, type Reference } from '../imports';
import type { Fix } from '../../core/types';
import { definePythonRule } from '../rule';

const LEGACY = new Set(['sqlalchemy.orm.declarative_base', 'sqlalchemy.ext.declarative.declarative_base', 'sqlalchemy.orm.decl_api.declarative_base']);

/** `Base = declarative_base()` as a whole module-level statement → a DeclarativeBase subclass. */
function classFix(file: PythonFile, call: Node): Fix | undefined {
  const assignment = call.parent;
  const statement = assignment?.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return undefined;
  if (statement?.type !== 'expression_statement' || statement.parent?.type !== 'module') return undefined;
  const name = assignment.childForFieldName('left');
  if (name?.type !== 'identifier') return undefined;
  // Rebound elsewhere in the module: the class would be shadowed (and flagged as a redefinition), so no fix.
  if (reboundElsewhere(file, name.text, assignment)) return undefined;
  const args = callArguments(call);
  if (args.hasSplat || args.positional.length > 0 || [...args.keywords.keys()].some((key) => key !== 'metadata')) return undefined;
  const metadata = args.keywords.get('metadata');
  const base = swapImport(file, call) ?? referenceTo(file, 'sqlalchemy.orm', 'DeclarativeBase', call);
  if (base.unavailable) return undefined;
  const body = metadata ? `metadata = ${metadata.text}` : 'pass';
  return {
    title: `Define \`class ${name.text}(${base.expression})\``,
    // Not behaviour-preserving in every detail (e.g. the legacy `Base.query` property is gone).
    safe: false,
    edits: [{ range: file.range(statement), newText: `${blankLines(file, statement)}class ${name.text}(${base.expression}):\n    ${body}` }, ...base.edits],
  };
}

/** True when the module binds `name` other than by `assignment`: another assignment, a def, a class or an import. */
function reboundElsewhere(file: PythonFile, name: string, assignment: Node): boolean {
  const binding = file.module.bindings.get(name);
  if (binding && (binding.kind !== 'local' || binding.node.id !== assignment.id)) return true;
  return file.nodes('assignment').some((other) => other.id !== assignment.id && other.childForFieldName('left')?.text === name && file.scopeOf(other) === file.module);
}

/**
 * `from sqlalchemy.orm import declarative_base` used only here: import
 * `DeclarativeBase` in its place, so the fix leaves no unused import behind.
 */
function swapImport(file: PythonFile, call: Node): Reference | undefined {
  const callee = call.childForFieldName('function');
  const binding = callee?.type === 'identifier' ? file.binding(callee.text, callee) : undefined;
  if (binding?.kind !== 'import' || binding.qualified !== 'sqlalchemy.orm.declarative_base' || file.module.bindings.has('DeclarativeBase')) return undefined;
  const uses = file.text.match(new RegExp(`\\b${callee!.text}\\b`, 'g'))?.length ?? 0;
  const imported = binding.node.childrenForFieldName('name').find((n) => n?.type === 'dotted_name' && n.text === callee!.text);
  if (uses !== 2 || !imported) return undefined;
  return { expression: 'DeclarativeBase', edits: [{ range: file.range(imported), newText: 'DeclarativeBase' }] };
}

/** PEP 8 wants two blank lines before a top-level class; adds what is missing above the statement. */
function blankLines(file: PythonFile, statement: Node): string {
  const line = file.lines.positionAt(statement.startIndex).line;
  let blank = 0;
  while (blank < line && file.lines.lineText(line - blank - 1).trim() === '') blank++;
  if (blank === line || file.lines.lineText(line - blank - 1).trimStart().startsWith('#')) return '';
  return '\n'.repeat(Math.max(0, 2 - blank));
}

const LEGACY_NAMES = [...new Set([...LEGACY].map((name) => name.split('.').pop()!))];
const REGISTRY = new Set(['sqlalchemy.orm.registry', 'sqlalchemy.orm.decl_api.registry']);
const AS_DECLARATIVE = new Set(['sqlalchemy.orm.as_declarative', 'sqlalchemy.ext.declarative.as_declarative', 'sqlalchemy.orm.decl_api.as_declarative']);

/** `registry().generate_base()`, or `generate_base()` on a name assigned `registry(...)`. */
function isGenerateBase(file: PythonFile, call: Node): boolean {
  const callee = call.childForFieldName('function');
  let object = callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'generate_base' ? callee.childForFieldName('object') : null;
  if (object?.type === 'identifier') {
    const binding = file.binding(object.text, object);
    object = binding?.kind === 'local' && binding.node.type === 'assignment' ? binding.node.childForFieldName('right') : null;
  }
  const factory = object?.type === 'call' ? object.childForFieldName('function') : null;
  return !!factory && REGISTRY.has(file.qualifiedName(factory) ?? '');
}

/** The `@as_declarative` or `@as_declarative(...)` decorators of the file's classes. */
function asDeclarativeDecorators(file: PythonFile): Node[] {
  return file.nodes('class_definition').flatMap((cls) => {
    const decorated = cls.parent?.type === 'decorated_definition' ? cls.parent : undefined;
    return (decorated?.namedChildren ?? []).filter((decorator): decorator is Node => {
      if (decorator?.type !== 'decorator') return false;
      const expression = decorator.namedChildren.find((child) => child?.type !== 'comment');
      const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      return !!target && AS_DECLARATIVE.has(file.qualifiedName(target) ?? '');
    });
  });
}

export default definePythonRule({
  meta: {
    id: 'legacy-declarative-base',
    kind: 'python',
    defaultSeverity: 'information',
    ruff: [],
    fixable: true,
    summary: '`declarative_base()`, `registry().generate_base()` or `@as_declarative()` instead of `class Base(DeclarativeBase)` (SQLAlchemy 2.0)',
    sections: ['§2.3'],
  },
  check(file, report) {
    for (const call of file.calls(...LEGACY_NAMES)) {
      const callee = call.childForFieldName('function');
      if (!callee || !LEGACY.has(file.qualifiedName(callee) ?? '')) continue;
      report({
        range: file.range(call),
        message: '`declarative_base()` is the SQLAlchemy 1.x API; define `class Base(DeclarativeBase)` (SQLAlchemy 2.0, §2.3)',
        fix: classFix(file, call),
      });
    }
    for (const call of file.calls('generate_base')) {
      if (!isGenerateBase(file, call)) continue;
      report({
        range: file.range(call),
        message: '`registry().generate_base()` is the SQLAlchemy 1.x API; define `class Base(DeclarativeBase)` (SQLAlchemy 2.0, §2.3)',
      });
    }
    for (const decorator of asDeclarativeDecorators(file)) {
      report({
        range: file.range(decorator),
        message: '`@as_declarative` is the SQLAlchemy 1.x API; subclass `DeclarativeBase` instead (SQLAlchemy 2.0, §2.3)',
      });
    }
  },
});
