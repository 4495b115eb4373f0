/**
 * ## What it does
 * Flags `except:` clauses that name no exception type.
 *
 * ## Why is this bad?
 * A bare `except:` also catches `KeyboardInterrupt` and `SystemExit`, hides
 * programming errors, and makes failures silent. The standard (§7) asks for
 * specific exception handling.
 *
 * ## Example
 * ```python
 * try:
 *     charge(order)
 * except:
 *     pass
 * ```
 *
 * ## Use instead
 * ```python
 * try:
 *     charge(order)
 * except PaymentError:
 *     logger.exception("charge failed")
 * ```
 */
import { definePythonRule } from '../rule';

export default definePythonRule({
  meta: {
    id: 'bare-except',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['E722'],
    fixable: true,
    summary: 'an `except:` clause with no exception type',
    sections: ['§7'],
  },
  check(file, report) {
    for (const clause of file.nodes('except_clause')) {
      // `except:` has nothing but comments before its block; `except*` needs a type anyway.
      if (clause.namedChildren.some((child) => child && child.type !== 'comment' && child.type !== 'block')) continue;
      const keyword = clause.children[0];
      if (!keyword || keyword.type !== 'except') continue;
      const range = file.range(keyword);
      report({
        range,
        message: 'Bare `except:` catches everything, including KeyboardInterrupt; catch a specific exception (§7)',
        fix: {
          title: 'Catch `Exception` instead',
          // Not behaviour-preserving: BaseException subclasses now propagate.
          safe: false,
          edits: [{ range: { start: range.end, end: range.end }, newText: ' Exception' }],
        },
      });
    }
  },
});
