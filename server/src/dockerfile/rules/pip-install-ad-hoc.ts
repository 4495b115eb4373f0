/**
 * ## What it does
 * Flags `pip install` of packages named in the Dockerfile
 * (`pip install fastapi uvicorn`) instead of from a requirements file, in any
 * stage. Installing packaging tools (`pip`, `setuptools`, `wheel`,
 * `poetry`, `uv`, `pipenv`, `pip-tools`, `build`, ...) to install the
 * project with is fine, and so are paths (`.`, `-e .`, `/wheels/*.whl`),
 * URLs and `-r`/`-c` files.
 *
 * ## Why is this bad?
 * Packages listed in a Dockerfile escape the review the standard gives
 * dependencies: they are not in `requirements.txt` (§4.4), so the lock,
 * the version policy and stacklint's dependency rules never see them, and
 * the image differs from what the tests ran against. hadolint's DL3013
 * asks at least for pins.
 *
 * ## Example
 * ```dockerfile
 * RUN pip install --no-cache-dir fastapi uvicorn[standard] psycopg2-binary
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * COPY requirements.txt .
 * RUN pip install --no-cache-dir -r requirements.txt
 * ```
 */
import { requirementName } from '../pip';
import { pipInstalls } from '../pip';
import { normalizeName } from '../../policy/policy';
import { defineDockerfileRule } from '../rule';

/** Tools that install the project rather than being part of it. */
const INSTALLERS = new Set([
  'pip', 'setuptools', 'wheel', 'poetry', 'poetry-core', 'poetry-plugin-export', 'uv', 'pipenv', 'pip-tools', 'build',
  'hatch', 'hatchling', 'pdm', 'virtualenv', 'flit', 'flit-core', 'setuptools-scm',
]);

export default defineDockerfileRule({
  meta: {
    id: 'pip-install-ad-hoc',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: false,
    summary: '`pip install` of packages named in the Dockerfile instead of `-r requirements.txt`',
    sections: ['§2.7', '§4.4'],
  },
  check(file, report) {
    for (const install of pipInstalls(file)) {
      const named = install.packages.filter((word) => !INSTALLERS.has(normalizeName(requirementName(word.value) ?? '')));
      if (named.length === 0) continue;
      const first = named[0];
      const last = named.filter((word) => file.lines.positionAt(word.start).line === file.lines.positionAt(first.start).line).pop() ?? first;
      const names = named.map((word) => `\`${word.value}\``).join(', ');
      report({
        range: file.range(first.start, last.end),
        message: `\`pip install\` of ${names} named in the Dockerfile; list ${named.length > 1 ? 'them' : 'it'} in requirements.txt and install with \`pip install --no-cache-dir -r requirements.txt\` (§2.7, §4.4)`,
      });
    }
  },
});
