import type { Node } from './parse';

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

/** True for a string literal with no interpolation (an f-string with `{x}` is not constant). */
export function isConstantString(node: Node): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.every((part) => !part || part.type === 'comment' || isConstantString(part));
  return node.type === 'string' && !node.namedChildren.some((child) => child?.type === 'interpolation');
}
