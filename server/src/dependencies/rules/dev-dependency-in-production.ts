/**
 * ## What it does
 * Flags development tools (pytest and its plugins, coverage, black, ruff,
 * flake8, mypy, isort, pre-commit, type stubs, ...) in a production
 * dependency list: `requirements.txt`, `requirements/base.txt`,
 * `requirements/prod*.txt`, `[project] dependencies` and Poetry's main
 * `[tool.poetry.dependencies]`.
 *
 * ## Why is this bad?
 * §4.4 splits requirements: `requirements.txt` for production,
 * `requirements-dev.txt` for development tools. Test runners and linters in
 * the production image make it bigger, slower to build, and widen its attack
 * surface for no benefit.
 *
 * ## Example
 * ```text
 * # requirements.txt
 * fastapi==0.104.0
 * pytest==7.4.3
 * ```
 *
 * ## Use instead
 * ```text
 * # requirements.txt
 * fastapi==0.104.0
 * # requirements-dev.txt
 * -r requirements.txt
 * pytest==7.4.3
 * ```
 *
 * The fix moves the line to the development file, creating
 * `requirements-dev.txt` (starting with `-r requirements.txt`) when there is
 * none; in pyproject.toml it moves the requirement to `[dependency-groups]
 * dev`, or to Poetry's `[tool.poetry.group.dev.dependencies]`.
 */
import { basename } from 'node:path';
import { isDevTool } from '../../policy/policy';
import { defineDependencyRule } from '../rule';
import { developmentFileFor, moveToDevelopmentFix } from './move';
import { developmentGroupFor, moveToGroupFix } from './moveToGroup';

export default defineDependencyRule({
  meta: {
    id: 'dev-dependency-in-production',
    kind: 'dependencies',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: 'a development tool (pytest, black, ruff, mypy, ...) in a production dependency file',
    sections: ['§4.4'],
  },
  check(file, report, { config, workspace }) {
    for (const requirement of file.requirements) {
      if (!requirement.name || !requirement.production || !isDevTool(requirement.name, config)) continue;
      const where = file.kind === 'requirements' ? basename(developmentFileFor(file.path)) : `the development group (${developmentGroupFor(requirement)})`;
      report({
        range: requirement.nameRange,
        message: `${requirement.name} is a development tool in a production dependency file; move it to ${where} (§4.4)`,
        fix: file.kind === 'requirements' ? moveToDevelopmentFix(file, requirement, workspace) : moveToGroupFix(file, requirement),
      });
    }
  },
});
