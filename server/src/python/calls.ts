import type { Node } from '../parse/python';

/** A call's positional and keyword arguments, with splats noted. */
export interface CallArguments {
  list: Node | undefined;
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` or `**kwargs`: the call's real arguments are unknown. */
  hasSplat: boolean;
}

export function callArguments(call: Node): CallArguments {
  const list = call.childForFieldName('arguments') ?? undefined;
  const result: CallArguments = { list, positional: [], keywords: new Map(), hasSplat: false };
  if (!list || list.type !== 'argument_list') return result;
  for (const arg of list.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) result.keywords.set(name, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      result.hasSplat = true;
    } else {
      result.positional.push(arg);
    }
  }
  return result;
}

/** The name after the last dot of a call's callee (`execute` in `cur.execute(...)`). */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** True for a string literal with no interpolation (an f-string with `{x}` is not constant). */
export function isConstantString(node: Node): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.every((part) => !part || part.type === 'comment' || isConstantString(part));
  return node.type === 'string' && !node.namedChildren.some((child) => child?.type === 'interpolation');
}

export function isFString(node: Node): boolean {
  return node.type === 'string' && stringPrefix(node).toLowerCase().includes('f');
}

/** The letters before a string's opening quote (`rf` in `rf"..."`). */
export function stringPrefix(node: Node): string {
  const start = node.children[0];
  const text = start?.type === 'string_start' ? start.text : node.text;
  return /^[A-Za-z]*/.exec(text)?.[0] ?? '';
}
