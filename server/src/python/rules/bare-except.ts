/**
 * ## What it does
 * Flags `except:` clauses that name no exception type. A handler with a
 * bare `raise` among its statements (clean up, then re-raise) is quiet, as
 * in Ruff's E722; with `allow-reraise = false` under
 * `[tool.stacklint.bare-except]` it is flagged too, with a safe fix to
 * `except BaseException:`, which catches exactly what `except:` catches.
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
import type { Node } from '../parse';
import { definePythonRule } from '../rule';

export default definePythonRule({
  meta: {
    id: 'bare-except',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['E722'],
    fixable: true,
    summary: 'an `except:` clause with no exception type (one that re-raises with a bare `raise` only with `allow-reraise = false`)',
    sections: ['§7'],
  },
  // Reads beyond its statement only what the file's incremental facts fingerprint (module bindings, imports, uses of imported names).
  statementLocal: true,
  check(file, report, { config }) {
    for (const clause of file.checked(file.nodes('except_clause'))) {
      // `except:` has nothing but comments before its block; `except*` needs a type anyway.
      if (clause.namedChildren.some((child) => child && child.type !== 'comment' && child.type !== 'block')) continue;
      const keyword = clause.children[0];
      if (!keyword || keyword.type !== 'except') continue;
      const reraises = reraisesBare(clause);
      if (reraises && config.bareExcept.allowReraise) continue;
      const range = file.range(keyword);
      report({
        range,
        message: reraises
          ? 'Bare `except:` that re-raises; say `except BaseException:` so the catch-all is explicit (§7)'
          : 'Bare `except:` catches everything, including KeyboardInterrupt; catch a specific exception (§7)',
        // Cleanup that re-raises must still run on KeyboardInterrupt: `BaseException` keeps the behaviour.
        fix: reraises
          ? { title: 'Catch `BaseException` explicitly', safe: true, edits: [{ range: { start: range.end, end: range.end }, newText: ' BaseException' }] }
          : {
              title: 'Catch `Exception` instead',
              // Not behaviour-preserving: BaseException subclasses now propagate.
              safe: false,
              edits: [{ range: { start: range.end, end: range.end }, newText: ' Exception' }],
            },
      });
    }
  },
});

/** True when one of the handler's own statements is a bare `raise` (Ruff's E722 test). */
function reraisesBare(clause: Node): boolean {
  const block = clause.namedChildren.find((child) => child?.type === 'block');
  return !!block?.namedChildren.some((statement) => statement?.type === 'raise_statement' && statement.namedChildren.every((child) => child?.type === 'comment'));
}
