import type { Node } from './parse';
import type { PythonFile } from './file';
import { unwrap } from './assigned-values';

// Constants a method reads through its class: `self.sql_template`,
// `cls.OPERATORS['contains']`, `Query.TEMPLATE`, where the class body
// assigns the attribute once and nothing in the file assigns or changes it.

/** Methods that change a dict, list or set in place. */
const MUTATORS = new Set(['update', 'setdefault', 'pop', 'popitem', 'clear', 'append', 'extend', 'insert', 'remove', 'add', 'discard', '__setitem__']);

/**
 * The value a class attribute read through `self.X` / `cls.X` (in a method
 * of the class, `self` being its first parameter) or `ClassName.X` holds:
 * the class body's only binding of X, a plain assignment. Undefined when the
 * class is unknown, binds X otherwise or more than once, or anything in the
 * file assigns, deletes or changes an attribute named X in place (so an
 * instance attribute or a later update cannot hide behind the class's value).
 * A subclass in another module may still override X; a method is read as
 * running on its own class.
 */
export function classAttributeValue(file: PythonFile, attribute: Node): Node | undefined {
  const object = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || !name) return undefined;
  const body = (classOfSelf(file, object) ?? namedClass(file, object))?.childForFieldName('body');
  if (!body) return undefined;
  const bound = bodyBindings(file, body).get(name);
  if (!bound || bound.count !== 1 || !bound.value || bound.value.type === 'assignment' || changedAnywhere(file, name)) return undefined;
  return bound.value;
}

/** How often a class body binds a name, and the value of its last plain assignment. */
interface BodyBinding {
  count: number;
  value?: Node;
}

const bodiesByFile = new WeakMap<PythonFile, Map<number, Map<string, BodyBinding>>>();

/**
 * The names a class body binds with a `def`, a `class` or a plain
 * assignment, read once per class: a template may read dozens of `self.X`,
 * and walking the body for each was quadratic in a large class.
 */
function bodyBindings(file: PythonFile, body: Node): Map<string, BodyBinding> {
  let bodies = bodiesByFile.get(file);
  if (!bodies) bodiesByFile.set(file, (bodies = new Map()));
  const known = bodies.get(body.id);
  if (known) return known;
  const names = new Map<string, BodyBinding>();
  bodies.set(body.id, names);
  const entry = (name: string) => {
    let bound = names.get(name);
    if (!bound) names.set(name, (bound = { count: 0 }));
    bound.count++;
    return bound;
  };
  for (const statement of body.namedChildren) {
    const inner = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!inner) continue;
    if (inner.type === 'function_definition' || inner.type === 'class_definition') {
      const name = inner.childForFieldName('name')?.text;
      if (name) entry(name);
    }
    if (inner.type !== 'expression_statement') continue;
    const assignment = inner.namedChildren[0];
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (!assignment || !left) continue;
    entry(left.text).value = assignment.childForFieldName('right') ?? undefined;
  }
  return names;
}

/** The class whose method reads `self`: the enclosing function is defined in a class body and `self` is its first parameter. */
function classOfSelf(file: PythonFile, object: Node): Node | undefined {
  const method = file.enclosingFunction(object);
  if (!method || file.enclosingCallable(object)?.id !== method.id) return undefined;
  const first = method.childForFieldName('parameters')?.namedChildren[0];
  const firstName = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? first.namedChildren[0] : undefined;
  if (firstName?.text !== object.text) return undefined;
  // A decorator between the class body and the def (`@classmethod`, `@property`) is fine; `@staticmethod` has no self.
  const definition = method.parent?.type === 'decorated_definition' ? method.parent : method;
  if (definition.type === 'decorated_definition' && /@staticmethod\b/.test(definition.text.slice(0, method.startIndex - definition.startIndex))) return undefined;
  const block = definition.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** `Query.TEMPLATE`: a name bound only to a class defined in this file. */
function namedClass(file: PythonFile, object: Node): Node | undefined {
  const binding = file.binding(object.text, object);
  if (binding?.kind !== 'local') return undefined;
  const node = binding.node.type === 'class_definition' ? binding.node : binding.node.parent;
  return node?.type === 'class_definition' && node.childForFieldName('name')?.text === object.text ? node : undefined;
}

/** True when the file assigns, deletes or changes in place any attribute named `name` (`x.name = ...`, `x.name[k] = ...`, `x.name.update(...)`). */
function changedAnywhere(file: PythonFile, name: string): boolean {
  const changed = changedAttributes(file);
  return changed.names.has(name) || changed.reflective.some((text) => text.includes(name));
}

interface ChangedAttributes {
  /** The attribute names the file assigns, deletes or changes in place. */
  names: Set<string>;
  /** The text of each `setattr(...)` / `delattr(...)` call: the name it changes may be any string in it. */
  reflective: string[];
}

/** Each attribute name changed, and each reflective call, at the offset of the statement that does it. */
export interface AttributeChanges {
  changes: { name: string; at: number }[];
  reflective: { at: number; text: string }[];
}

const changedByFile = new WeakMap<PythonFile, ChangedAttributes>();

/** Found once per file: asked per attribute read, a scan of every statement was quadratic on a long file. */
function changedAttributes(file: PythonFile): ChangedAttributes {
  let changed = changedByFile.get(file);
  if (!changed) {
    const { changes, reflective } = changedAttributesAmong(file, (nodes) => nodes);
    changedByFile.set(file, (changed = { names: new Set(changes.map((change) => change.name)), reflective: reflective.map((call) => call.text) }));
  }
  return changed;
}

/**
 * The attributes the nodes `among` keeps of each type change: by default the
 * whole file's, or one statement's for the facts an editor compares.
 */
export function changedAttributesAmong(file: PythonFile, among: (nodes: readonly Node[]) => readonly Node[]): AttributeChanges {
  const changes: { name: string; at: number }[] = [];
  const collect = (node: Node | null | undefined, at: number): void => {
    const inner = node ? unwrap(node) : undefined;
    if (!inner) return;
    if (inner.type === 'attribute') {
      const attribute = inner.childForFieldName('attribute')?.text;
      if (attribute) changes.push({ name: attribute, at });
    } else if (inner.type === 'subscript') {
      collect(inner.childForFieldName('value'), at);
    } else if (inner.type === 'pattern_list' || inner.type === 'tuple_pattern' || inner.type === 'list_pattern' || inner.type === 'tuple' || inner.type === 'list') {
      for (const child of inner.namedChildren) collect(child, at);
    }
  };
  for (const type of ['assignment', 'augmented_assignment']) for (const node of among(file.nodes(type))) collect(node.childForFieldName('left'), node.startIndex);
  for (const node of among(file.nodes('delete_statement'))) for (const child of node.namedChildren) collect(child, node.startIndex);
  for (const node of among(file.nodes('for_statement'))) collect(node.childForFieldName('left'), node.startIndex);
  for (const call of among(file.nodes('call'))) {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'attribute' && MUTATORS.has(fn.childForFieldName('attribute')?.text ?? '')) collect(fn.childForFieldName('object'), call.startIndex);
  }
  const reflective = among(file.calls('setattr', 'delattr')).map((call) => ({ at: call.startIndex, text: call.text }));
  return { changes, reflective };
}

/**
 * The values a dict literal (`{"contains": "LIKE %s", **BASE}`) gives for
 * `key` (every value when the key is not known), with its spreads, whose
 * values may be read too; undefined when a key is not a literal.
 */
export function dictionaryValues(dictionary: Node, key: string | undefined, keyText: (node: Node) => string | undefined): { values: Node[]; spreads: Node[] } | undefined {
  const values: Node[] = [];
  const spreads: Node[] = [];
  for (const item of dictionary.namedChildren) {
    if (!item || item.type === 'comment') continue;
    if (item.type === 'dictionary_splat') {
      const spread = item.namedChildren[0];
      if (!spread) return undefined;
      spreads.push(spread);
      continue;
    }
    if (item.type !== 'pair') return undefined;
    const pairKey = item.childForFieldName('key');
    const value = item.childForFieldName('value');
    const text = pairKey ? keyText(pairKey) : undefined;
    if (!value || text === undefined) return undefined;
    if (key === undefined || text === key) values.push(value);
  }
  return { values, spreads };
}
