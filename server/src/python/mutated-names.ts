import type { Node } from './parse';
import type { PythonFile } from './file';

/**
 * True when the container a name holds is changed in place in its scope:
 * `name.append(x)`, `name[k] = x`. The file's changing names are indexed
 * once, so each question looks only at the spellings of its own name
 * (scanning every call per question was quadratic on long files).
 */
export function isMutated(file: PythonFile, name: Node): boolean {
  const targets = mutatedNames(file).get(name.text);
  if (!targets) return false;
  const scope = file.scopeOf(name);
  return targets.some((target) => file.scopeOf(target) === scope);
}

/** Each name's identifiers that change it in place: the object of a method call, the container of a subscript assignment. */
function mutatedNames(file: PythonFile): Map<string, Node[]> {
  let index = indexes.get(file);
  if (index) return index;
  index = new Map();
  for (const target of mutationTargets(file.nodes('call'), file.nodes('assignment'))) {
    const list = index.get(target.text);
    if (list) list.push(target);
    else index.set(target.text, [target]);
  }
  indexes.set(file, index);
  return index;
}

/** The identifiers these calls and assignments change in place: `x` of `x.append(v)` and of `x[k] = v`. */
export function mutationTargets(calls: readonly Node[], assignments: readonly Node[]): Node[] {
  const targets: Node[] = [];
  const add = (target: Node | null | undefined) => {
    if (target?.type === 'identifier') targets.push(target);
  };
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'attribute') add(fn.childForFieldName('object'));
  }
  for (const assignment of assignments) {
    const left = assignment.childForFieldName('left');
    if (left?.type === 'subscript') add(left.childForFieldName('value'));
  }
  return targets;
}

const indexes = new WeakMap<PythonFile, Map<string, Node[]>>();
