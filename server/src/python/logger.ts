import type { Node } from './parse';
import type { Edit } from '../core/types';
import type { PythonFile } from './file';
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
  if (file.binding('logger', usedAt)) return undefined;
  let logging: string | undefined;
  for (const [local, binding] of file.module.bindings) {
    if (binding.kind === 'import' && binding.qualified === 'logging') logging = local;
  }
  const anchor = importAnchor(file);
  const definition = `\nlogger = ${logging ?? 'logging'}.getLogger(__name__)`;
  const edits = [insertLineAfter(file, anchor, anchor ? definition : `${definition}\n`)];
  // A print at module level above the last import would run before the new logger exists.
  if (!insertedBefore(file, edits[0], usedAt)) return undefined;
  if (!logging) edits.unshift(insertImport(file, 'import logging'));
  return { name: 'logger', edits };
}
