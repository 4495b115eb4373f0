import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DockerfileParser, Keyword } from 'dockerfile-ast';
import { defaultConfig } from '../../server/src/core/config';
import { fileKind, lintText } from '../../server/src/engine/lint';
import { actualFindings, expectedFindings, FIXTURES, fixtureDirs, fixesMatchGolden } from '../support/fixtures';
import { lintOrFail } from '../support/lint';
import { filesUnder } from '../support/ruleDocs';

const KEYWORDS = new Set<string>(Object.values(Keyword));

/**
 * The fixed text is still a Dockerfile Docker accepts, as far as can be told
 * without a daemon: every instruction a known keyword, and every exec form
 * (`CMD [...]`) a JSON array of strings.
 */
function assertValidDockerfile(text: string): void {
  const parsed = DockerfileParser.parse(text);
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    assert.ok(KEYWORDS.has(keyword), `unknown instruction ${keyword} on line ${instruction.getRange().start.line + 1}`);
    const args = instruction.getArgumentsContent() ?? '';
    if (['CMD', 'ENTRYPOINT', 'RUN'].includes(keyword) && args.trimStart().startsWith('[')) {
      const array = JSON.parse(args) as unknown;
      assert.ok(Array.isArray(array) && array.every((item) => typeof item === 'string'), `${keyword} exec form: ${args}`);
    }
  }
}

/**
 * test/fixtures/dockerfile/<rule-id>/ holds Dockerfiles (`<case>.Dockerfile`,
 * or `Dockerfile` in a case folder) whose `#` comment lines mark the exact
 * findings expected on the nearest line above (see test/support/fixtures.ts);
 * a `near-miss` file reports nothing of its rule. Files with fixes have a
 * `<file>.fixed` golden; `UPDATE_GOLDEN=1` rewrites goldens.
 */
describe('Dockerfile rule fixtures', () => {
  for (const rule of fixtureDirs('dockerfile')) {
    describe(rule, () => {
      const dir = join(FIXTURES, 'dockerfile', rule);
      const files = filesUnder(dir).filter((path) => !path.endsWith('.fixed') && fileKind(path) === 'dockerfile');
      it('has fixtures with true findings and near misses', () => {
        const linted = files.map((path) => lintText(path, readFileSync(path, 'utf8'), defaultConfig(dir)));
        assert.ok(linted.some((findings) => findings.some((finding) => finding.rule === rule)), `no ${rule} finding in ${dir}`);
        assert.ok(files.some((path) => /near-miss/.test(path)), `no near-miss fixture in ${dir}`);
      });
      for (const path of files) {
        const name = relative(dir, path);
        const config = defaultConfig(dir);
        const text = readFileSync(path, 'utf8');

        it(`${name}: reports exactly the marked findings`, () => {
          const findings = lintOrFail(path, text, config);
          assert.deepEqual(actualFindings(findings), expectedFindings(text));
          if (/near-miss/.test(name)) assert.ok(!findings.some((finding) => finding.rule === rule), `${name} is a near miss but reports ${rule}`);
        });

        it(`${name}: fixes match the golden, leave a valid Dockerfile and no fixable finding`, () => {
          const result = fixesMatchGolden(path, text, config);
          if (result) assertValidDockerfile(result.text);
        });
      }
    });
  }
});
