/**
 * ## What it does
 * Flags calls of the builtin `print` outside test files.
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

const STD_STREAMS = new Set(['sys.stdout', 'sys.stderr']);

export default definePythonRule({
  meta: {
    id: 'print-call',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['T201'],
    fixable: true,
    summary: 'a call of the builtin `print`, outside test files',
    sections: ['§3.4', '§7'],
  },
  check(file, report) {
    if (file.isTest) return;
    for (const call of file.calls('print')) {
      const fn = call.childForFieldName('function');
      if (!fn || file.qualifiedName(fn) !== 'builtins.print') continue;
      const args = callArguments(call);
      const target = args.keywords.get('file');
      const stream = target ? file.qualifiedName(target) : 'sys.stdout';
      // Writing to a real file is file output, not logging.
      if (!stream || !STD_STREAMS.has(stream)) continue;
      report({
        range: file.range(call),
        message: '`print()` in production code; use logging (§3.4, §7)',
        fix: loggingFix(file, call, stream === 'sys.stderr' ? 'error' : 'info'),
      });
    }
  },
});

function loggingFix(file: PythonFile, call: Node, level: 'info' | 'error'): Fix | undefined {
  const args = callArguments(call);
  if (args.hasSplat || !args.list) return undefined;
  const sep = args.keywords.get('sep');
  // A custom separator changes the text; logging cannot say the same thing.
  if (sep && sep.text !== '" "' && sep.text !== "' '" && sep.type !== 'none') return undefined;
  for (const name of args.keywords.keys()) {
    if (!['sep', 'end', 'file', 'flush'].includes(name)) return undefined;
  }
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
