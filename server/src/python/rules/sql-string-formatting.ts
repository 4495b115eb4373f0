/**
 * ## What it does
 * Flags SQL text built by f-string interpolation, `%` formatting,
 * `.format()` or `+` concatenation, judged by what flows into the text:
 *
 * - A hole filled only by literals is safe: literal strings and numbers,
 *   conditional expressions of literals, names assigned only such values
 *   where they are used (module or function constants, loops over literal
 *   tuples, `range()` counters), class attributes and dict entries the class
 *   body assigns once and nothing changes (`self.OPERATORS["contains"]`),
 *   numeric conversions (`%d`, `{n:.2f}`,
 *   `int(x)`, `len(x)`), repeated literal text (`" " * i`), placeholder lists
 *   (`", ".join(["%s"] * n)`, `",".join("?" * n)`) and literal names passed
 *   through a quoting function. Template strings (`t"..."`, PEP 750) keep
 *   values apart and are never flagged.
 * - The text counts as SQL when it is given to a SQL sink (`text()`, `DDL()`,
 *   `exec_driver_sql()`, `pd.read_sql()`, `execute()` on a cursor,
 *   connection, session or engine), directly or through a variable of the
 *   same scope (`query = ...`, `query += ...`, then `cur.execute(query)`);
 *   `execute()` on another receiver counts only when the text starts with a
 *   SQL statement (`ssh.execute(f"rm -rf {path}")` is not SQL). Outside test
 *   files, text that reads as a SQL statement counts wherever it goes, with
 *   a hole in a table or subquery position (`"SELECT * FROM ({})".format(q)`),
 *   in parentheses or implicitly concatenated, a fragment holding a
 *   parenthesised subquery, a template kept in a class attribute
 *   (`self.sql_delete_table % {"table": name}`), unless it is prose (a log or
 *   exception message, `f"Insert into {queue} failed"`). In test files only
 *   SQL that reaches a sink counts: expected output such as
 *   `assert_compile(stmt, "SELECT %s FROM t" % (expr,))` is not run.
 *
 * The finding is on the string that lets the value in, also when the query
 * grows with `+=` and runs later.
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
import type { PythonFile } from '../file';
import { looksLikeSql, SINK_CALL_NAMES, sinkOf, startsLikeSql } from '../sql';
import { bindParametersFix } from '../sql-parameters';
import { unwrap } from '../assigned-values';
import { constantText, templateOf, unsafeHoles, type Template } from '../sql-values';
import { definePythonRule } from '../rule';

const MESSAGE = 'SQL built from {how}; use bound parameters (`text()` with `:name`, or driver placeholders) (§2.3, §7)';

export default definePythonRule({
  meta: {
    id: 'sql-string-formatting',
    kind: 'python',
    defaultSeverity: 'error',
    ruff: ['S608'],
    fixable: true,
    summary: 'SQL text built by f-string interpolation, `%` formatting, `.format()` or `+` with a value that is not a literal',
    sections: ['§2.3', '§7'],
  },
  // Reads beyond its statement only what the file's incremental facts fingerprint (module and class
  // bindings, attributes and containers changed in place, SQL sinks given a variable): see value-facts.ts.
  statementLocal: true,
  check(file, report) {
    const reported: Node[] = [];
    for (const template of templates(file)) {
      const { node } = template;
      if (reported.some((outer) => outer.startIndex <= node.startIndex && node.endIndex <= outer.endIndex)) continue;
      if (!isExecutedSql(file, template) || unsafeHoles(file, template).length === 0) continue;
      reported.push(node);
      const fix = node.type === 'string' ? bindParametersFix(file, node) : undefined;
      report({ range: file.range(node), message: MESSAGE.replace('{how}', template.how), fix });
    }
  },
});

/**
 * Every f-string, `%` and `.format()` on string text, and top `+` chain
 * with a string in it, outermost first so a chain is reported once.
 */
function templates(file: PythonFile): Template[] {
  const candidates = new Map<number, Node>();
  for (const node of interpolatedStrings(file)) candidates.set(node.id, node);
  const operators = file.checked(file.nodes('binary_operator'));
  const operands = plusOperandIds(operators);
  for (const op of operators) {
    const operator = op.childForFieldName('operator')?.type;
    if (operator === '%' || (operator === '+' && !operands.has(op.id))) candidates.set(op.id, op);
  }
  for (const call of file.checked(file.calls('format'))) candidates.set(call.id, call);
  return [...candidates.values()]
    .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex)
    .flatMap((node) => templateOf(file, node) ?? []);
}

/**
 * Whether the text a template builds is SQL that runs: given to a SQL sink
 * directly or through a variable of the same scope (`query = f"..."`,
 * `query += ...`, then `cur.execute(query)`); outside test files, also text
 * that reads as a SQL statement wherever it goes, unless it is a message.
 */
function isExecutedSql(file: PythonFile, template: Template): boolean {
  const top = outermost(template.node);
  const text = (top.id !== template.node.id ? templateOf(file, top)?.text : undefined) ?? template.text;
  const sink = sinkOf(file, top);
  if (sink) return sink.certain || startsLikeSql(text);
  const variable = assignedVariable(top);
  if (variable) {
    const initial = initialText(file, variable.name, variable.statement);
    const sinks = variableSinks(file, variable.name, variable.statement);
    if (sinks.length > 0) return sinks.some((found) => found.certain) || startsLikeSql(text) || (initial !== undefined && startsLikeSql(initial));
    if (file.isTest) return false;
    return looksLikeSql(text) || (variable.statement.type === 'augmented_assignment' && initial !== undefined && looksLikeSql(initial));
  }
  // In tests, SQL text that is never run is expected output (`assert_compile(stmt, "SELECT ...")`).
  if (file.isTest) return false;
  // A log line or an error message that mentions a query is prose, not a query.
  return looksLikeSql(text) && !isMessageArgument(top);
}

/** The expression a template is part of: through parentheses and `+` chains. */
function outermost(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === 'parenthesized_expression' || (parent?.type === 'binary_operator' && parent.childForFieldName('operator')?.type === '+')) current = parent;
    else return current;
  }
}

/**
 * The operations that are an operand of a `+` (through parentheses), found
 * from the `+` side: asking each node for its parent walks down from the
 * root in tree-sitter, which is quadratic on a chain thousands long.
 */
function plusOperandIds(operators: readonly Node[]): Set<number> {
  const ids = new Set<number>();
  for (const op of operators) {
    if (op.childForFieldName('operator')?.type !== '+') continue;
    for (const side of [op.childForFieldName('left'), op.childForFieldName('right')]) if (side) ids.add(unwrap(side).id);
  }
  return ids;
}

/** `name = <node>` or `name += <node>`: the variable the text is kept in. */
function assignedVariable(node: Node): { name: string; statement: Node } | undefined {
  const statement = node.parent;
  if (statement?.type !== 'assignment' && statement?.type !== 'augmented_assignment') return undefined;
  if (statement.childForFieldName('right')?.id !== node.id) return undefined;
  if (statement.type === 'augmented_assignment' && statement.childForFieldName('operator')?.type !== '+=') return undefined;
  const left = statement.childForFieldName('left');
  return left?.type === 'identifier' ? { name: left.text, statement } : undefined;
}

/** The SQL sinks that run the variable later in the same scope: `cur.execute(query)`. */
function variableSinks(file: PythonFile, name: string, statement: Node) {
  const scope = file.scopeOf(statement);
  return file.calls(...SINK_CALL_NAMES).flatMap((call) => {
    if (call.startIndex < statement.endIndex || file.scopeOf(call) !== scope) return [];
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (first?.type !== 'identifier' || first.text !== name) return [];
    return sinkOf(file, first) ?? [];
  });
}

/** The file's assignments by the text of their target, in document order (built once per file). */
function assignmentsTo(file: PythonFile, name: string): Node[] {
  let index = assignmentIndex.get(file);
  if (!index) {
    index = new Map();
    for (const assignment of file.nodes('assignment')) {
      const left = assignment.childForFieldName('left')?.text;
      // `query: str` alone gives the variable no text.
      if (left === undefined || !assignment.childForFieldName('right')) continue;
      let list = index.get(left);
      if (!list) index.set(left, (list = []));
      list.push(assignment);
    }
    assignmentIndex.set(file, index);
  }
  return index.get(name) ?? [];
}

const assignmentIndex = new WeakMap<PythonFile, Map<string, Node[]>>();

/** The text first given to the variable in the scope, before `statement`: the start of a query grown with `+=`. */
function initialText(file: PythonFile, name: string, statement: Node): string | undefined {
  const scope = file.scopeOf(statement);
  const first = assignmentsTo(file, name).find((assignment) => file.scopeOf(assignment) === scope);
  const value = first?.childForFieldName('right');
  if (!first || !value || first.startIndex > statement.startIndex) return undefined;
  return constantText(file, value) ?? templateOf(file, value)?.text;
}

/**
 * The f-strings (or implicit concatenations holding one) in the statements
 * checked, in document order, found from their interpolations rather than by reading
 * every string literal.
 */
function interpolatedStrings(file: PythonFile): Node[] {
  const partOf = new Map<number, Node>();
  for (const concatenated of file.checked(file.nodes('concatenated_string'))) {
    for (const part of concatenated.namedChildren) if (part) partOf.set(part.id, concatenated);
  }
  const found = new Map<number, Node>();
  for (const interpolation of file.checked(file.nodes('interpolation'))) {
    const string = interpolation.parent;
    if (string?.type !== 'string') continue;
    const node = partOf.get(string.id) ?? string;
    found.set(node.id, node);
  }
  return [...found.values()];
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
