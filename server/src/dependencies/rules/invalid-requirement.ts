/**
 * ## What it does
 * Flags a line pip would reject (an unknown option, a malformed requirement,
 * an editable that is neither a path nor a VCS URL, a requirements file that
 * includes itself) with pip's reason, and lines pip would silently misread
 * (`--hash` on a line of its own, a global option after a requirement) as
 * warnings. In pyproject.toml: malformed TOML, invalid requirement strings,
 * constraints and `include-group` references.
 *
 * ## Why is this bad?
 * `pip install -r` stops at the first invalid line, so the service's image
 * does not build; a dropped `--hash` (a missing `\` at the line end) quietly
 * disables hash checking for the requirement above.
 *
 * ## Example
 * ```text
 * fastapi==0.104.0
 *     --hash=sha256:0a1b...
 * pydantic~=2
 * ```
 *
 * ## Use instead
 * ```text
 * fastapi==0.104.0 \
 *     --hash=sha256:0a1b...
 * pydantic~=2.0
 * ```
 */
import { defineDependencyRule } from '../rule';

export default defineDependencyRule({
  meta: {
    id: 'invalid-requirement',
    kind: 'dependencies',
    defaultSeverity: 'error',
    ruff: [],
    fixable: false,
    summary: 'a line that is not a valid requirement or pip option, with pip\'s reason',
    sections: ['§4.4'],
  },
  check(file, report) {
    for (const problem of file.problems) {
      report({ range: problem.range, message: problem.message, severity: problem.severity });
    }
  },
});
