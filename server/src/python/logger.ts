import type { Node } from './parse';
import type { Edit } from '../core/types';
import type { PythonFile } from './file';
import { identifiersNamed, isNameUse } from './names';
import { importAnchor, insertedBefore, insertImport, insertLineAfter } from './imports';

export interface LoggerReference {
  name: string;
  edits: Edit[];
}

/**
 * The module logger a fix should call: an existing module-level
 * `x = logging.getLogger(...)` is reused; otherwise `import logging` (when
 * missing) and `logger = logging.getLogger(__name__)` are added after the
 * imports. Undefined when `logger` already names something else.
 */
export function moduleLogger(file: PythonFile, usedAt: Node): LoggerReference | undefined {
  for (const assignment of file.nodes('assignment')) {
    if (!file.isTopLevel(assignment)) continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    // The logger must be the binding in force where the fix calls it (not assigned further down).
    if (fn && file.qualifiedName(fn) === 'logging.getLogger' && file.binding(left.text, usedAt)?.node === assignment) return { name: left.text, edits: [] };
  }
  // A second module `logger`, or one that replaces what a star import gives other code, is not offered.
  if (file.binding('logger', usedAt) || file.module.bindings.has('logger') || hasFreeUse(file, 'logger')) return undefined;
  let logging: string | undefined;
  for (const [local, binding] of file.module.bindings) {
    if (binding.kind === 'import' && binding.qualified === 'logging') logging = local;
  }
  // `logging` bound to something else at module level: the import we would add clashes with it.
  if (!logging && file.module.bindings.has('logging')) return undefined;
  const anchor = importAnchor(file);
  const definition = `\nlogger = ${logging ?? 'logging'}.getLogger(__name__)`;
  const edits = [insertLineAfter(file, anchor, anchor ? definition : `${definition}\n`)];
  // A print at module level above the last import would run before the new logger exists.
  if (!insertedBefore(file, edits[0], usedAt)) return undefined;
  if (!logging) edits.unshift(insertImport(file, 'import logging'));
  return { name: 'logger', edits };
}

/**
 * True when some use of `name` in the file resolves to no binding (a builtin,
 * or what a star import may provide): a new module-level binding would change
 * what it means. Cached per file: a file with many prints asks once.
 */
function hasFreeUse(file: PythonFile, name: string): boolean {
  let cache = freeUses.get(file);
  if (!cache) freeUses.set(file, (cache = new Map()));
  let found = cache.get(name);
  if (found === undefined) {
    found = identifiersNamed(file, name).some((node) => {
      if (!isNameUse(node)) return false;
      const binding = file.binding(name, node);
      return !binding || binding.kind === 'star';
    });
    cache.set(name, found);
  }
  return found;
}

const freeUses = new WeakMap<PythonFile, Map<string, boolean>>();
