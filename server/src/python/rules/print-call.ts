/**
 * ## What it does
 * Flags calls of the builtin `print` that write to stdout, outside test
 * files: no `file=`, `file=None` (which means stdout) or `file=sys.stdout`.
 * Printing to `sys.stderr` or to a file object is quiet: that is a CLI's
 * error output or file output, not a service's log line.
 *
 * ## Why is this bad?
 * Production services log through the `logging` module (§3.4, §7): log lines
 * get a level, a timestamp and the logger's name, go where the deployment
 * sends them, and can be silenced. `print` writes unstructured text to stdout.
 *
 * ## Example
 * ```python
 * def charge(order):
 *     print("charging", order.id)
 * ```
 *
 * ## Use instead
 * ```python
 * import logging
 *
 * logger = logging.getLogger(__name__)
 *
 * def charge(order):
 *     logger.info("%s %s", "charging", order.id)
 * ```
 */
import type { Node } from '../parse';
import type { Fix } from '../../core/types';
import { callArguments } from '../calls';
import type { PythonFile } from '../file';
import { moduleLogger } from '../logger';
import { definePythonRule } from '../rule';

const STDOUT = new Set(['sys.stdout', 'sys.__stdout__']);

export default definePythonRule({
  meta: {
    id: 'print-call',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['T201'],
    fixable: true,
    summary: 'a call of the builtin `print` that writes to stdout, outside test files',
    sections: ['§3.4', '§7'],
  },
  // Reads beyond its statement only what the file's incremental facts fingerprint (module bindings, imports, uses of imported names).
  statementLocal: true,
  check(file, report) {
    if (file.isTest) return;
    for (const call of file.checked(file.calls('print'))) {
      const fn = call.childForFieldName('function');
      if (!fn || file.qualifiedName(fn) !== 'builtins.print') continue;
      const args = callArguments(call);
      const target = args.keywords.get('file');
      // `file=None` is stdout too; stderr and real files are error or file output, not logging.
      if (target && target.type !== 'none' && !STDOUT.has(file.qualifiedName(target) ?? '')) continue;
      report({
        range: file.range(call),
        message: '`print()` in production code; use logging (§3.4, §7)',
        fix: loggingFix(file, call),
      });
    }
  },
});

function loggingFix(file: PythonFile, call: Node): Fix | undefined {
  const level = 'info';
  const args = callArguments(call);
  if (args.hasSplat || !args.list) return undefined;
  const sep = args.keywords.get('sep');
  // A custom separator changes the text; logging cannot say the same thing.
  if (sep && sep.text !== '" "' && sep.text !== "' '" && sep.type !== 'none') return undefined;
  for (const name of args.keywords.keys()) {
    if (!['sep', 'end', 'file', 'flush'].includes(name)) return undefined;
  }
  // A stream named before its own scope binds it (`file=sys.stdout` above the function's `import sys`) raises there; tools disagree on which binding it reads, so no fix.
  if ([...args.keywords.values()].some((value) => readsBeforeBinding(file, value))) return undefined;
  const logger = moduleLogger(file, call);
  if (!logger) return undefined;
  const values = args.positional.map((node) => node.text);
  const message = values.length <= 1 ? (values[0] ?? '""') : [`"${values.map(() => '%s').join(' ')}"`, ...values].join(', ');
  return {
    title: `Replace \`print\` with \`${logger.name}.${level}\``,
    // Output moves from stdout to the logging handlers: not the same behaviour.
    safe: false,
    edits: [{ range: file.range(call), newText: `${logger.name}.${level}(${message})` }, ...logger.edits],
  };
}

/** True when an identifier in the expression reads a name that its own function (or the module) binds only further down. */
function readsBeforeBinding(file: PythonFile, expression: Node): boolean {
  const identifiers = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier');
  return identifiers.some((identifier) => {
    if (!identifier) return false;
    const binding = file.binding(identifier.text, identifier);
    return binding !== undefined && binding.at > identifier.startIndex && file.enclosingCallable(binding.node)?.id === file.enclosingCallable(identifier)?.id;
  });
}
