import type { PythonFile } from './file';
import type { Node } from './parse';
import { changedAttributesAmong } from './class-constants';
import { mutationTargets } from './mutated-names';
import { pythonName } from './scopes';
import { SINK_CALL_NAMES } from './sql';
import { tokensOf } from './tokens';

/**
 * What statements in [start, end) tell constant folding in other statements
 * (sql-values.ts reads a value where it is defined, which may be elsewhere),
 * beyond the module's and classes' bindings the editor's facts already hold
 * (a class constant read through `Query.TEMPLATE` is one of those):
 *
 * - the attributes changed anywhere (`x.TABLE = ...`, `x.OPS.update(...)`,
 *   `setattr(...)`), which make a class attribute unknown;
 * - the containers of the module or a class body changed in place there
 *   (`TABLES.update(...)`, `TABLES[k] = v`), which make such a constant unknown;
 * - the SQL sinks of the module or a class body given a variable
 *   (`cur.execute(query)`), which make the text kept in it SQL.
 *
 * Each fact is added at the offset of the statement that gives it.
 */
export function valueFacts(file: PythonFile, start: number, end: number, add: (offset: number, fact: string) => void): void {
  // Each list of the file's nodes is cut to the range once: the calls are asked for twice.
  const cut = new Map<readonly Node[], Node[]>();
  const inside = (nodes: readonly Node[]) => {
    let found = cut.get(nodes);
    if (!found) cut.set(nodes, (found = nodes.filter((node) => node.startIndex >= start && node.startIndex < end)));
    return found;
  };
  const changed = changedAttributesAmong(file, inside);
  for (const { name, at } of changed.changes) add(at, `ca:${name}`);
  for (const { at, text } of changed.reflective) add(at, `ra:${text}`);
  // Only a name assigned in the module or a class body (scopes whose statements are units of their own)
  // has a value other units fold; when another statement changes how the name is bound, that statement's
  // own facts change.
  const assignedHere = (name: Node) => {
    const scope = file.scopeOf(name);
    return (scope === file.module || scope.kind === 'class') && !!scope.history.get(pythonName(name.text))?.some((binding) => binding.kind === 'local');
  };
  for (const target of mutationTargets(inside(file.nodes('call')), inside(file.nodes('assignment')))) {
    if (assignedHere(target)) add(target.startIndex, `mu:${target.text}`);
  }
  for (const call of inside(file.calls(...SINK_CALL_NAMES))) {
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (first?.type === 'identifier' && assignedHere(first)) add(call.startIndex, `sk:${tokensOf(call.childForFieldName('function'))}(${first.text}`);
  }
}
