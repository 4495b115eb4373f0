import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'smol-toml';
import { defaultConfig, type StacklintConfig } from '../../../server/src/core/config';
import { ConfigCache } from '../../../server/src/config/load';
import { parsePyprojectFile } from '../../../server/src/pyproject/module';
import { parseRequirementsFile } from '../../../server/src/requirements/module';
import { fixAll } from '../../../server/src/engine/fixes';
import { fileKind, lintText } from '../../../server/src/engine/lint';
import { actualFindings, expectedFindings, FIXTURES, fixtureDirs } from '../../support/fixtures';
import { lintOrFail } from '../../support/lint';

function dependencyFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dependencyFiles(path);
    const kind = fileKind(path);
    return kind === 'requirements' || kind === 'pyproject' ? [path] : [];
  });
}

/** Each case folder is a project root; its pyproject.toml (if any) configures stacklint. */
function configFor(caseDir: string, path: string): StacklintConfig {
  const pyproject = join(caseDir, 'pyproject.toml');
  if (!existsSync(pyproject)) return defaultConfig(caseDir);
  return new ConfigCache(caseDir, undefined, { stopAt: caseDir }).forFile(path).config;
}

/** The fixed text is still a valid dependency file. */
function assertStillValid(path: string, text: string): void {
  const kind = fileKind(path) as 'requirements' | 'pyproject';
  if (kind === 'pyproject') assert.doesNotThrow(() => parse(text));
  assert.deepEqual((kind === 'pyproject' ? parsePyprojectFile(path, text) : parseRequirementsFile(path, text)).problems, []);
}

/**
 * test/fixtures/deps/<rule-id>/<case>/ holds dependency files (a case folder
 * is a project root) whose `#` comment lines mark the exact findings expected
 * on the nearest line above (see test/support/fixtures.ts). Files with local
 * fixes have a `<file>.fixed` golden; `UPDATE_GOLDEN=1` rewrites goldens.
 */
describe('dependency rule fixtures', () => {
  for (const rule of fixtureDirs('deps')) {
    describe(rule, () => {
      const ruleDir = join(FIXTURES, 'deps', rule);
      for (const caseName of readdirSync(ruleDir).sort()) {
        const caseDir = join(ruleDir, caseName);
        if (!statSync(caseDir).isDirectory()) continue;
        if (!/near-miss/.test(caseName)) {
          it(`${caseName}: has true ${rule} findings`, () => {
            const found = dependencyFiles(caseDir).some((path) => lintText(path, readFileSync(path, 'utf8'), configFor(caseDir, path)).some((finding) => finding.rule === rule));
            assert.ok(found, `no ${rule} finding in ${caseName}; name the case near-miss if that is the point`);
          });
        }
        for (const path of dependencyFiles(caseDir)) {
          const name = relative(ruleDir, path);
          const text = readFileSync(path, 'utf8');
          const config = () => configFor(caseDir, path);

          it(`${name}: reports exactly the marked findings`, () => {
            const findings = lintOrFail(path, text, config());
            assert.deepEqual(actualFindings(findings), expectedFindings(text));
            if (/near-miss/.test(caseName)) assert.ok(!findings.some((finding) => finding.rule === rule), `${name} is a near miss but reports ${rule}`);
          });

          it(`${name}: local fixes match the golden and leave a valid file`, () => {
            const golden = `${path}.fixed`;
            const fixable = lintText(path, text, config()).some((finding) => finding.fix && finding.fix.edits.every((edit) => !edit.file));
            if (!fixable) {
              assert.ok(!existsSync(golden), `${golden} exists but nothing in ${name} has a local fix`);
              return;
            }
            const result = fixAll(path, text, config(), { unsafe: true });
            if (process.env.UPDATE_GOLDEN) writeFileSync(golden, result.text);
            assert.ok(existsSync(golden), `missing golden ${golden} (run with UPDATE_GOLDEN=1)`);
            assert.equal(result.text, readFileSync(golden, 'utf8'));
            assert.deepEqual(result.remaining.filter((f) => f.fix && f.fix.edits.every((edit) => !edit.file)).map((f) => `${f.rule}@${f.range.start.line + 1}`), []);
            assertStillValid(path, result.text);
          });

          // The same fixes in a file with CRLF or CR-only line breaks (TOML knows only LF and CRLF): the golden in those breaks, none mixed in.
          const golden = `${path}.fixed`;
          const styles = [['CRLF', '\r\n'], ...(fileKind(path) === 'requirements' ? [['CR-only', '\r']] : [])];
          for (const [style, newline] of existsSync(golden) ? styles : []) {
            it(`${name}: local fixes in ${style} match the golden in ${style}`, () => {
              const converted = text.replace(/\n/g, newline);
              const result = fixAll(path, converted, config(), { unsafe: true });
              assert.equal(JSON.stringify(result.text), JSON.stringify(readFileSync(golden, 'utf8').replace(/\n/g, newline)));
            });
          }
        }
      }
    });
  }
});
