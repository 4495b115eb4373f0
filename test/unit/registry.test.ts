import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPythonParser } from '../../server/src/python/parse';
import { DEPENDENCY_RULES } from '../../server/src/dependencies/rules/index';
import { RULES, ruleById } from '../../server/src/engine/registry';
import { PYTHON_RULES } from '../../server/src/python/rules/index';
import { REPO } from '../support/fixtures';
import { docComment, filesUnder, fixturesFixes, RULE_SECTIONS, ruleFixtureDir, ruleSourcePath } from '../support/ruleDocs';

const RULE_DIRS = ['python/rules', 'dependencies/rules', 'dockerfile/rules'].map((dir) => join(REPO, 'server', 'src', dir));
/** Modules in the rule folders that are helpers, not rules. */
const NOT_RULES = new Set(['index.ts']);

describe('rule registry', () => {
  it('has unique ids, each found by ruleById', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    for (const rule of RULES) assert.equal(ruleById(rule.meta.id), rule);
    assert.equal(ruleById('no-such-rule'), undefined);
  });

  it('lists Python rules and dependency rules by their kind', () => {
    assert.deepEqual(PYTHON_RULES.filter((rule) => rule.meta.kind !== 'python').map((r) => r.meta.id), []);
    assert.deepEqual(DEPENDENCY_RULES.filter((rule) => rule.meta.kind !== 'dependencies').map((r) => r.meta.id), []);
  });

  it('names each rule file after its id, and registers every rule file', () => {
    for (const rule of RULES) {
      const path = ruleSourcePath(rule);
      assert.ok(existsSync(path), `${rule.meta.id}: expected its rule in ${path}`);
      assert.match(readFileSync(path, 'utf8'), new RegExp(`id: '${rule.meta.id}'`), `${path} does not define id '${rule.meta.id}'`);
    }
    const registered = new Set(RULES.map((rule) => ruleSourcePath(rule)));
    for (const dir of RULE_DIRS) {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (!name.endsWith('.ts') || NOT_RULES.has(name)) continue;
        // A module defining a rule must be in the registry; other modules are helpers.
        if (/define(Python|Dependency|Dockerfile)Rule\(/.test(readFileSync(path, 'utf8'))) assert.ok(registered.has(path), `${name} defines a rule the registry does not list`);
      }
    }
  });

  it('gives every rule a doc comment in Ruff\'s sections', () => {
    for (const rule of RULES) {
      const doc = docComment(readFileSync(ruleSourcePath(rule), 'utf8'));
      assert.ok(doc, `${rule.meta.id}: no leading doc comment`);
      let last = -1;
      for (const section of RULE_SECTIONS) {
        const at = doc.indexOf(`${section}\n`);
        assert.ok(at > last, `${rule.meta.id}: doc comment needs "${section}" (in order)`);
        last = at;
      }
    }
  });

  it('describes each rule with well-formed meta', () => {
    for (const { meta } of RULES) {
      assert.match(meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const code of meta.ruff) assert.match(code, /^[A-Z]+[0-9]+$/, `${meta.id}: Ruff code ${code}`);
      assert.ok(meta.sections.length > 0, `${meta.id}: cites no section of the standard`);
      for (const section of meta.sections) assert.match(section, /^§\d+(\.\d+)?$/, `${meta.id}: section ${section}`);
      assert.ok(meta.summary.length > 0 && !meta.summary.endsWith('.'), `${meta.id}: summary is one phrase without a full stop`);
    }
  });

  it('has a fixture folder for every rule, and a .fixed golden for every rule with a local fix', async function () {
    this.timeout(120_000);
    await initPythonParser();
    for (const rule of RULES) {
      const dir = ruleFixtureDir(rule);
      const files = filesUnder(dir);
      assert.ok(files.length > 0, `${rule.meta.id}: no fixtures in ${dir}`);
      const goldens = files.filter((path) => path.endsWith('.fixed'));
      // A fix that edits another file cannot have a one-file golden; its own test covers both files.
      const local = fixturesFixes(rule).some((fix) => fix.edits.every((edit) => edit.file === undefined));
      if (rule.meta.fixable && local) assert.ok(goldens.length > 0, `${rule.meta.id} is fixable but ${dir} has no .fixed golden`);
    }
  });

  it('has a docs page for every rule', () => {
    for (const rule of RULES) assert.ok(existsSync(join(REPO, 'docs', 'rules', `${rule.meta.id}.md`)), `docs/rules/${rule.meta.id}.md`);
  });

  it('offers every rule id in the stacklint.severity setting of package.json', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    const severity = manifest.contributes?.configuration?.properties?.['stacklint.severity'];
    assert.ok(severity, 'package.json contributes.configuration has no stacklint.severity');
    const offered = Object.keys(severity.properties ?? {}).sort();
    assert.deepEqual(offered, RULES.map((rule) => rule.meta.id).sort());
    for (const id of offered) assert.deepEqual(severity.properties[id].enum, ['error', 'warning', 'information', 'hint', 'off'], id);
  });
});
