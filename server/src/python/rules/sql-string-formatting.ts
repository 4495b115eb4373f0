/**
 * ## What it does
 * Flags SQL text built by f-string interpolation, `%` formatting,
 * `.format()` or `+` concatenation with a non-literal value.
 *
 * ## Why is this bad?
 * Values spliced into SQL text are the classic SQL injection (§2.3: never
 * bypass the ORM for user input; §7: parameterized queries). Bound
 * parameters let the driver quote values, and let the database reuse plans.
 *
 * ## Example
 * ```python
 * session.execute(f"SELECT * FROM users WHERE email = '{email}'")
 * ```
 *
 * ## Use instead
 * ```python
 * session.execute(text("SELECT * FROM users WHERE email = :email"), {"email": email})
 * ```
 */
import type { Node } from '../parse';
import { isConstantString } from '../calls';
import type { PythonFile } from '../file';
import { HOLE, interpolates, literalText, looksLikeSql, SINK_CALL_NAMES, sqlSinkOf } from '../sql';
import { definePythonRule } from '../rule';
import { bindParametersFix } from '../sql-parameters';

const MESSAGE = 'SQL built from {how}; use bound parameters (`text()` with `:name`, or driver placeholders) (§2.3, §7)';

export default definePythonRule({
  meta: {
    id: 'sql-string-formatting',
    kind: 'python',
    defaultSeverity: 'error',
    ruff: ['S608'],
    fixable: true,
    summary: 'SQL text built by f-string interpolation, `%` formatting, `.format()` or `+` with a non-literal',
    sections: ['§2.3', '§7'],
  },
  check(file, report) {
    const reported: Node[] = [];
    const flag = (node: Node, how: string, fix = false) => {
      if (reported.some((outer) => outer.startIndex <= node.startIndex && node.endIndex <= outer.endIndex)) return;
      reported.push(node);
      report({ range: file.range(node), message: MESSAGE.replace('{how}', how), fix: fix ? bindParametersFix(file, node) : undefined });
    };
    const isSql = (node: Node, text: string) => {
      if (sqlSinkOf(file, node)) return true;
      // A log line or an error message that mentions a query is prose, not a query.
      return looksLikeSql(text) && !isMessageArgument(node);
    };

    const operations = file.nodes('binary_operator').map((op) => ({
      op,
      operator: op.childForFieldName('operator')?.type,
      left: op.childForFieldName('left'),
      right: op.childForFieldName('right'),
    }));
    // The operands that are themselves operations: only the top of a `+` chain is read.
    const inner = new Set(operations.flatMap(({ left, right }) => [left, right]).filter((n) => n?.type === 'binary_operator').map((n) => n!.id));
    for (const { op, operator, left } of operations) {
      if (operator === '%' && left && isStringNode(left) && isSql(op, literalText(left))) flag(op, '`%` formatting');
      if (operator === '+' && !inner.has(op.id)) {
        const parts = plusOperands(op);
        if (!parts || parts.every((part) => isStringNode(part) && isConstantString(part))) continue;
        if (!parts.some(isStringNode)) continue;
        const text = parts.map((part) => (isStringNode(part) ? literalText(part) : HOLE)).join('');
        if (isSql(op, text)) flag(op, '`+` concatenation');
      }
    }
    for (const call of file.calls('format')) {
      const object = call.childForFieldName('function')?.childForFieldName('object');
      if (!object || !isStringNode(object)) continue;
      if (isSql(call, literalText(object))) flag(call, '`.format()`');
    }
    for (const node of interpolatedStrings(file)) {
      if (isSql(node, literalText(node))) flag(node, 'f-string interpolation', true);
    }
    for (const [node, how] of queriesAssignedThenRun(file)) flag(node, how);
  },
});

/**
 * The f-strings (or implicit concatenations holding one) of the file, in
 * document order, found from their interpolations rather than by reading
 * every string literal.
 */
function interpolatedStrings(file: PythonFile): Node[] {
  const partOf = new Map<number, Node>();
  for (const concatenated of file.nodes('concatenated_string')) {
    for (const part of concatenated.namedChildren) if (part) partOf.set(part.id, concatenated);
  }
  const found = new Map<number, Node>();
  for (const interpolation of file.nodes('interpolation')) {
    const string = interpolation.parent;
    if (string?.type !== 'string') continue;
    const node = partOf.get(string.id) ?? string;
    found.set(node.id, node);
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

const MESSAGE_CALLS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'print', 'echo', 'secho']);

/** True for the first argument of a logging, print or exception call: `logger.info(f"...")`, `raise ValueError(f"...")`. */
function isMessageArgument(node: Node): boolean {
  const list = node.parent;
  if (list?.type !== 'argument_list') return false;
  const call = list.parent;
  const fn = call?.childForFieldName('function');
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  if (name && MESSAGE_CALLS.has(name)) return true;
  // Exception classes are capitalized and end in Error or Exception by convention.
  return /(?:Error|Exception|Warning)$/.test(name ?? '') && call?.parent?.type === 'raise_statement';
}

function isStringNode(node: Node): boolean {
  return node.type === 'string' || node.type === 'concatenated_string';
}

/** The operands of a `+` chain, or undefined when it mixes in other operators. */
function plusOperands(node: Node): Node[] | undefined {
  if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) return plusOperands(node.namedChildren[0]!) ?? [node];
  if (node.type !== 'binary_operator') return [node];
  if (node.childForFieldName('operator')?.type !== '+') return [node];
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  return [...(plusOperands(left) ?? [left]), ...(plusOperands(right) ?? [right])];
}

/**
 * `query = f"..."` followed by `cur.execute(query)` in the same scope: the
 * string is reported even when its text alone does not read as SQL.
 */
function queriesAssignedThenRun(file: PythonFile): [Node, string][] {
  const found: [Node, string][] = [];
  let byName: Map<string, Node[]> | undefined;
  for (const call of file.calls(...SINK_CALL_NAMES)) {
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (first?.type !== 'identifier' || !sqlSinkOf(file, first)) continue;
    byName ??= assignmentsByName(file);
    const scope = file.scopeOf(call);
    for (const assignment of byName.get(first.text) ?? []) {
      if (file.scopeOf(assignment) !== scope) continue;
      if (assignment.startIndex > call.startIndex) continue;
      const value = assignment.childForFieldName('right');
      const how = value ? formattingKind(value) : undefined;
      if (value && how) found.push([value, how]);
    }
  }
  return found;
}

function assignmentsByName(file: PythonFile): Map<string, Node[]> {
  const byName = new Map<string, Node[]>();
  for (const assignment of file.nodes('assignment')) {
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    const list = byName.get(left.text) ?? [];
    list.push(assignment);
    byName.set(left.text, list);
  }
  return byName;
}

function formattingKind(node: Node): string | undefined {
  if (isStringNode(node)) return interpolates(node) ? 'f-string interpolation' : undefined;
  if (node.type === 'binary_operator') {
    const operator = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    if (operator === '%' && left && isStringNode(left)) return '`%` formatting';
    if (operator === '+' && plusOperands(node)?.some((part) => isStringNode(part)) && !plusOperands(node)?.every(isConstantString)) return '`+` concatenation';
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const object = fn?.childForFieldName('object');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && object && isStringNode(object)) return '`.format()`';
  }
  return undefined;
}
