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
  const add = (target: Node | null | undefined) => {
    if (target?.type !== 'identifier') return;
    const list = index!.get(target.text);
    if (list) list.push(target);
    else index!.set(target.text, [target]);
  };
  for (const call of file.nodes('call')) {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'attribute') add(fn.childForFieldName('object'));
  }
  for (const assignment of file.nodes('assignment')) {
    const left = assignment.childForFieldName('left');
    if (left?.type === 'subscript') add(left.childForFieldName('value'));
  }
  indexes.set(file, index);
  return index;
}

const indexes = new WeakMap<PythonFile, Map<string, Node[]>>();
