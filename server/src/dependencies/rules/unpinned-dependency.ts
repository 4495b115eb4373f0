/**
 * ## What it does
 * Flags a requirement in a production requirements file (`requirements.txt`,
 * `requirements/base.txt`, `requirements/prod*.txt`) that is not pinned to an
 * exact version with `==` (or `===`). URL, path and editable requirements,
 * development tools (reported by dev-dependency-in-production), pip-tools
 * inputs (`*.in`) and pyproject.toml ranges are left alone.
 *
 * ## Why is this bad?
 * §4.4's requirements.txt pins every package, and §10 upgrades deliberately
 * (check the changelog, run the tests, deploy to development first). A range
 * lets a rebuild pick up a new release nobody tested.
 *
 * ## Example
 * ```text
 * fastapi>=0.104
 * httpx
 * ```
 *
 * ## Use instead
 * ```text
 * fastapi==0.104.0
 * httpx==0.25.0
 * ```
 */
import { expectsPins } from '../files';
import { isExactPin } from '../pep440';
import { isDevTool } from '../../policy/policy';
import { defineDependencyRule } from '../rule';

export default defineDependencyRule({
  meta: {
    id: 'unpinned-dependency',
    kind: 'dependencies',
    defaultSeverity: 'information',
    ruff: [],
    fixable: false,
    summary: 'a production requirement without an exact == pin',
    sections: ['§4.4', '§10'],
  },
  check(file, report, { config }) {
    if (!expectsPins(file)) return;
    for (const requirement of file.requirements) {
      if (!requirement.name || requirement.url || requirement.editable || isExactPin(requirement.clauses) || isDevTool(requirement.name, config)) continue;
      const how = requirement.specifierText ? `${requirement.specifierText} is a range` : 'no version is given';
      report({
        range: requirement.specifierRange ?? requirement.nameRange,
        message: `${requirement.name} is not pinned (${how}); pin production requirements exactly with == (§4.4, §10)`,
      });
    }
  },
});
