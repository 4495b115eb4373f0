/**
 * ## What it does
 * Reports a Python file that no rule checked because the parser could not
 * take it: indentation nested deeper than stacklint parses (200 levels;
 * Python itself stops at 100), a parse over its time budget (20 s plus
 * 10 ms per KB), or a file that crashed or corrupted the parser. The
 * finding stands on the deepest line, or on the first line. The parser is
 * re-created before the next file, so one such file never silences the
 * others.
 *
 * ## Why is this bad?
 * A file that is not linted must not look clean: without this finding it
 * would show no problems while none of the standard's checks ran on it
 * (§4.2). Such nesting is also code that Python rejects or that no reviewer
 * can follow; it is usually generated, or an accident.
 *
 * ## Example
 * ```python
 * # 201 levels of nested blocks:
 * if a:
 *  if b:
 *   if c:
 *    ...
 * ```
 *
 * ## Use instead
 * ```python
 * # Flatten the nesting: return early, or move inner blocks into functions.
 * if a and b and c:
 *     ...
 * ```
 */
import { definePythonRule } from '../python/rule';

export default definePythonRule({
  meta: {
    id: 'file-not-linted',
    kind: 'python',
    defaultSeverity: 'error',
    ruff: [],
    fixable: false,
    summary: 'a Python file no rule checked: too deeply nested, too slow to parse, or one that crashed the parser',
    sections: ['§4.2'],
  },
  check() {
    // Reported by the engine when parsing fails (engine/lint.ts), before any rule could run.
  },
});
