import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { defaultConfig, type StacklintConfig } from '../../server/src/core/config';
import { settingsContext } from '../../server/src/config/load';
import { parseConfigText } from '../../server/src/config/pyproject';
import { applyEdits } from '../../server/src/engine/fixes';
import { lintText } from '../../server/src/engine/lint';
import { initPythonParser } from '../../server/src/python/parse';
import { actualFindings, expectedFindings, FIXTURES, fixtureDirs, fixesMatchGolden } from '../support/fixtures';
import { lintOrFail } from '../support/lint';
import { assertCompiles } from '../support/python';
import { newPyflakesFindings } from '../support/ruffOracle';

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return name.endsWith('.py') ? [path] : [];
  });
}

/** The settings of a pyproject.toml beside the fixture (which must be valid), else the defaults. */
function fixtureConfig(dir: string, path: string): StacklintConfig {
  const pyproject = join(dirname(path), 'pyproject.toml');
  if (!existsSync(pyproject)) return defaultConfig(dir);
  const parsed = parseConfigText(pyproject, readFileSync(pyproject, 'utf8'), settingsContext());
  assert.deepEqual(parsed.problems, [], `${pyproject} has problems`);
  return parsed.config;
}

/**
 * Each folder under test/fixtures/python is named after a rule and holds
 * Python files whose comments mark the exact findings expected (see
 * test/support/fixtures.ts), linted with the settings of a pyproject.toml
 * beside them if there is one. Files with fixable findings have a `.fixed`
 * golden; `UPDATE_GOLDEN=1` rewrites goldens.
 */
describe('Python rule fixtures', () => {
  before(() => initPythonParser());

  for (const rule of fixtureDirs('python')) {
    describe(rule, () => {
      const dir = join(FIXTURES, 'python', rule);
      for (const path of pythonFiles(dir)) {
        const name = relative(dir, path);
        const config = fixtureConfig(dir, path);
        const text = readFileSync(path, 'utf8');

        it(`${name}: reports exactly the marked findings`, () => {
          const expected = expectedFindings(text);
          const actual = actualFindings(lintOrFail(path, text, config));
          assert.deepEqual(actual, expected);
        });

        it(`${name}: fixes match the golden, compile, and leave no fixable finding`, function () {
          const result = fixesMatchGolden(path, text, config);
          if (!result) return;
          const fixedRules = new Set(lintText(path, text, config).filter((f) => f.fix).map((f) => f.rule));
          assert.ok(fixedRules.size > 0);
          assertCompiles(result.text);
          // Compiling misses what a fix can break: an unused import left behind, a name it made unbound.
          assert.deepEqual(newPyflakesFindings(text, result.text), [], 'Ruff finds new F401/F811/F821/F823/F841 after the fixes');
          for (const finding of lintText(path, text, config)) {
            if (!finding.fix) continue;
            const single = applyEdits(text, finding.fix.edits);
            assert.deepEqual(newPyflakesFindings(text, single), [], `after the ${finding.rule} fix at line ${finding.range.start.line + 1} alone`);
          }
        });
      }
    });
  }
});
