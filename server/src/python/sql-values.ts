import type { Node } from './parse';
import type { PythonFile } from './file';
import { assignedValues, NUMBER, unwrap } from './assigned-values';
import { HOLE, isTemplateString, literalText } from './sql';
import { classAttributeValue, dictionaryValues } from './class-constants';
import { isMutated } from './mutated-names';

/**
 * Text built from a template and values: an f-string, `"..." % args`,
 * `"...".format(args)` or a `+` chain with a string in it. `text` is the
 * literal text with HOLE for each value; `holes` are the values put into it
 * (those a numeric conversion such as `%d` writes are left out).
 */
export interface Template {
  node: Node;
  how: string;
  text: string;
  holes: Node[];
}

/** The holes of a template that can carry outside text into it. */
export function unsafeHoles(file: PythonFile, template: Template, depth = 0): Node[] {
  return template.holes.filter((hole) => !isSafeValue(file, hole, depth + 1));
}

/** `%d`, `%(n)i`, `%.2f`: conversions that can only write a number. */
const NUMERIC_CONVERSION = /[diouxXeEfFgG]$/;
// A width never starts with 0 (that is a flag) and a key stops at the next `%`: either
// ambiguity made this pattern quadratic.
const PERCENT_SPEC = /%(\([^)%]*\))?[#0\- +]*(?:\*|[1-9]\d*)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** The template `node` builds, or undefined when it is not one (or is a t-string, which keeps values apart). */
export function templateOf(file: PythonFile, node: Node): Template | undefined {
  if (node.type === 'string' || node.type === 'concatenated_string') {
    if (isTemplateString(node)) return undefined;
    const interpolations = stringInterpolations(node);
    if (interpolations.length === 0) return undefined;
    const holes = interpolations.filter((hole) => !isNumericSpec(hole)).map((hole) => hole.childForFieldName('expression')).filter((n): n is Node => !!n);
    return { node, how: 'f-string interpolation', text: literalText(node), holes };
  }
  if (node.type === 'binary_operator') {
    const operator = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    if (operator === '%') return percentTemplate(file, node, left, right);
    if (operator === '+') return plusTemplate(file, node);
    return undefined;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (fn?.childForFieldName('attribute')?.text !== 'format' || !object) return undefined;
    const template = constantText(file, object);
    if (template === undefined) return undefined;
    const args = node.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
    const values = args.map((arg) => (arg.type === 'keyword_argument' ? arg.childForFieldName('value') ?? arg : arg));
    const text = template.replace(/\{\{|\}\}|\{[^{}]*\}/g, (field) => (field === '{{' ? '{' : field === '}}' ? '}' : HOLE));
    return { node, how: '`.format()`', text, holes: values };
  }
  return undefined;
}

function percentTemplate(file: PythonFile, node: Node, left: Node, right: Node): Template | undefined {
  const template = constantText(file, left);
  if (template === undefined) return undefined;
  const specs = [...template.matchAll(PERCENT_SPEC)].filter((spec) => spec[2] !== '%');
  const text = template.replace(PERCENT_SPEC, (_spec: string, _key: string, conversion: string) => (conversion === '%' ? '%' : HOLE));
  const value = unwrap(right);
  let holes: Node[];
  if (value.type === 'tuple') {
    const items = value.namedChildren.filter((n): n is Node => !!n);
    holes = items.filter((_item, i) => !(specs[i] && NUMERIC_CONVERSION.test(specs[i][2])));
  } else if (value.type === 'dictionary') {
    const numeric = new Set(specs.filter((spec) => spec[1] && NUMERIC_CONVERSION.test(spec[2])).map((spec) => spec[1].slice(1, -1)));
    holes = value.namedChildren.flatMap((pair) => {
      if (pair?.type !== 'pair') return pair ? [pair] : [];
      const key = pair.childForFieldName('key');
      const keyText = key ? constantText(file, key) : undefined;
      const item = pair.childForFieldName('value');
      return item && !(keyText !== undefined && numeric.has(keyText)) ? [item] : [];
    });
  } else {
    holes = specs.length === 1 && NUMERIC_CONVERSION.test(specs[0][2]) ? [] : [value];
  }
  return { node, how: '`%` formatting', text, holes };
}

function plusTemplate(file: PythonFile, node: Node): Template | undefined {
  // Each operand is judged once: names resolve through the file's bindings, which costs.
  const parts = plusOperands(node).map((part) => {
    const inner = unwrap(part);
    const constant = constantText(file, inner);
    return { inner, constant, template: constant === undefined && inner.id !== node.id ? templateOf(file, inner) : undefined };
  });
  if (!parts.some((part) => part.constant !== undefined || part.template !== undefined)) return undefined;
  let text = '';
  const holes: Node[] = [];
  for (const { inner, constant, template } of parts) {
    if (constant !== undefined) text += constant;
    else if (template) {
      text += template.text;
      holes.push(...template.holes);
    } else {
      text += HOLE;
      holes.push(inner);
    }
  }
  return { node, how: '`+` concatenation', text, holes };
}

/**
 * The operands of a `+` chain, through parentheses, in order. Walks with its
 * own stack: generated code chains tens of thousands of `+`, deeper than the
 * call stack goes.
 */
export function plusOperands(node: Node): Node[] {
  const operands: Node[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const inner = unwrap(current);
    const isPlus = inner.type === 'binary_operator' && inner.childForFieldName('operator')?.type === '+';
    const left = isPlus ? inner.childForFieldName('left') : null;
    const right = isPlus ? inner.childForFieldName('right') : null;
    if (left && right) stack.push(right, left);
    else operands.push(current);
  }
  return operands;
}

function stringInterpolations(node: Node): Node[] {
  if (node.type === 'concatenated_string') return node.namedChildren.flatMap((part) => (part?.type === 'string' ? stringInterpolations(part) : []));
  return node.namedChildren.filter((child): child is Node => child?.type === 'interpolation');
}

/** `{n:d}`, `{price:.2f}`: a format spec that only numbers satisfy. */
function isNumericSpec(interpolation: Node): boolean {
  const spec = interpolation.namedChildren.find((child) => child?.type === 'format_specifier');
  return !!spec && !spec.namedChildren.some((child) => child?.type === 'interpolation') && /[dxXobeEfFgGn%]$/.test(spec.text.replace(/^:/, ''));
}

/**
 * The literal text of a string constant with no interpolation: a literal
 * (in parentheses, implicitly concatenated) or a name assigned only such
 * literals. Undefined for anything else.
 */
export function constantText(file: PythonFile, node: Node, depth = 0): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'string' || inner.type === 'concatenated_string') {
    return stringInterpolations(inner).length === 0 && !isTemplateString(inner) ? literalText(inner) : undefined;
  }
  if (inner.type === 'identifier' && depth < 4) {
    const values = assignedValues(file, inner);
    const texts = values?.map((value) => (value === NUMBER ? undefined : constantText(file, value, depth + 1)));
    if (texts?.length && texts.every((text) => text !== undefined)) return texts[0];
  }
  if (inner.type === 'attribute' && depth < 4) {
    const value = classAttributeValue(file, inner);
    return value ? constantText(file, value, depth + 1) : undefined;
  }
  if (inner.type === 'subscript' && depth < 4) {
    // `self.TEMPLATES["select"]`: the last value given for the key, when no spread can hold it too.
    const entries = subscriptEntries(file, inner, depth);
    const last = entries && entries.spreads.length === 0 && entries.key !== undefined ? entries.values.at(-1) : undefined;
    return last ? constantText(file, last, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * What a subscript reads from a dict literal held by a class attribute
 * (`self.OPERATORS[key]`) or by a name assigned only that dict and never
 * changed in place: the values for its literal key, or all of them.
 */
function subscriptEntries(file: PythonFile, subscript: Node, depth: number): { key: string | undefined; values: Node[]; spreads: Node[] } | undefined {
  const container = subscript.childForFieldName('value');
  const index = subscript.childForFieldName('subscript');
  if (!container || !index) return undefined;
  let dictionary: Node | undefined;
  if (container.type === 'attribute') dictionary = classAttributeValue(file, container);
  else if (container.type === 'identifier') {
    const values = assignedValues(file, container);
    const only = values?.length === 1 && values[0] !== NUMBER ? values[0] : undefined;
    if (only && !isMutated(file, container)) dictionary = only;
  }
  dictionary = dictionary && unwrap(dictionary);
  if (dictionary?.type !== 'dictionary') return undefined;
  const key = constantText(file, index, depth + 1);
  const entries = dictionaryValues(dictionary, key, (node) => constantText(file, node, depth + 1));
  return entries && { key, ...entries };
}

/**
 * True when a value can only put text the program itself wrote into a
 * string: literals, conditional expressions of literals, names assigned
 * only such values (constant folding), class attributes and dict entries
 * of such values (`self.OPERATORS["contains"]`), string repetition (`" " * i`),
 * placeholder lists (`", ".join(["%s"] * n)`) and numbers (`len(x)`, `int(x)`).
 */
export function isSafeValue(file: PythonFile, node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  const safe = (child: Node | null | undefined) => !!child && isSafeValue(file, child, depth + 1);
  const value = unwrap(node);
  switch (value.type) {
    case 'integer': case 'float': case 'true': case 'false': case 'none':
      return true;
    case 'string': case 'concatenated_string': {
      if (isTemplateString(value)) return false;
      return stringInterpolations(value).every((hole) => isNumericSpec(hole) || safe(hole.childForFieldName('expression')));
    }
    case 'unary_operator':
      return safe(value.childForFieldName('argument'));
    case 'conditional_expression': {
      const [body, , alternative] = value.namedChildren;
      return safe(body) && safe(alternative);
    }
    case 'tuple': case 'list': case 'set':
      return value.namedChildren.every((item) => !item || item.type === 'comment' || safe(item));
    case 'binary_operator': {
      const operator = value.childForFieldName('operator')?.type;
      const left = value.childForFieldName('left');
      const right = value.childForFieldName('right');
      // `" " * i`, `["%s"] * n`: repeating literal text adds no outside text.
      if (operator === '*') return isRepeatable(left) ? safe(left) : isRepeatable(right) ? safe(right) : safe(left) && safe(right);
      if (operator === '+' || operator === '-' || operator === '//' || operator === '/') return safe(left) && safe(right);
      if (operator === '%') {
        const template = templateOf(file, value);
        return !!template && unsafeHoles(file, template, depth).length === 0;
      }
      return false;
    }
    case 'identifier': {
      const values = assignedValues(file, value);
      if (!values?.every((assigned) => assigned === NUMBER || safe(assigned))) return false;
      // `select = []` then `select.append(part)`: a list, set or dict holds what is put in later.
      return !values.some((assigned) => assigned !== NUMBER && MUTABLE.has(unwrap(assigned).type)) || !isMutated(file, value);
    }
    case 'call':
      return isSafeCall(file, value, safe, depth);
    case 'attribute': {
      // `self.sql_operator`: a class attribute assigned once, to a safe value, and never changed.
      const assigned = classAttributeValue(file, value);
      return !!assigned && safe(assigned);
    }
    case 'subscript': {
      // `self.OPERATORS["contains"]`: the key's value (or, for a key not known, every value) is safe.
      const entries = subscriptEntries(file, value, depth);
      return !!entries && (entries.values.length > 0 || entries.spreads.length > 0) && entries.values.every(safe) && entries.spreads.every(safe);
    }
    case 'dictionary':
      return value.namedChildren.every((item) => {
        if (!item || item.type === 'comment') return true;
        if (item.type === 'dictionary_splat') return safe(item.namedChildren[0]);
        return item.type === 'pair' && safe(item.childForFieldName('key')) && safe(item.childForFieldName('value'));
      });
    case 'list_comprehension': case 'generator_expression': case 'set_comprehension':
      return safe(value.childForFieldName('body'));
    default:
      return false;
  }
}

const MUTABLE = new Set(['list', 'set', 'dictionary', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

function isRepeatable(node: Node | null): boolean {
  const inner = node ? unwrap(node) : undefined;
  return !!inner && ['string', 'concatenated_string', 'list', 'tuple'].includes(inner.type);
}

const NUMBER_FUNCTIONS = new Set(['builtins.int', 'builtins.float', 'builtins.len', 'builtins.bool', 'builtins.abs', 'builtins.round']);
const STRING_METHODS = new Set(['upper', 'lower', 'strip', 'lstrip', 'rstrip', 'title', 'capitalize']);

function isSafeCall(file: PythonFile, call: Node, safe: (node: Node | null | undefined) => boolean, depth: number): boolean {
  const fn = call.childForFieldName('function');
  const list = call.childForFieldName('arguments');
  // `f(x for x in y)`: the generator is the whole argument list.
  const args = list?.type === 'generator_expression' ? [list] : (list?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? []);
  if (!fn) return false;
  const name = file.qualifiedName(fn);
  if (name && NUMBER_FUNCTIONS.has(name)) return true;
  if (name === 'builtins.str' || name === 'builtins.repr') return args.length === 1 && safe(args[0]);
  const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.text;
  // `quote_name("expires")`, `preparer.quote("Charset")`: a literal name, quoted.
  if (last && /quote/i.test(last) && args.length > 0 && args.every((arg) => safe(arg))) return true;
  if (fn.type !== 'attribute') return false;
  const object = fn.childForFieldName('object');
  const method = last ?? '';
  // `", ".join(["%s"] * n)`, `",".join("?" * n)`, `", ".join("%s" for _ in rows)`.
  if (method === 'join') return safe(object) && args.length === 1 && safe(args[0]);
  if (STRING_METHODS.has(method)) return safe(object) && args.every((arg) => safe(arg));
  if (method === 'format') {
    const template = templateOf(file, call);
    return !!template && unsafeHoles(file, template, depth).length === 0;
  }
  return false;
}
