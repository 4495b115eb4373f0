import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPythonParser } from '../../server/src/python/parse';
import { RULES } from '../../server/src/engine/registry';
import { REPO } from '../support/fixtures';
import { fixSafety, rulePage, rulesTable } from '../support/ruleDocs';

const DOCS = join(REPO, 'docs', 'rules');
const README = join(REPO, 'README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const update = Boolean(process.env.UPDATE_DOCS);

/**
 * docs/rules/<id>.md and the README's rule table are generated from the
 * registry. This test fails when either is out of date; `UPDATE_DOCS=1`
 * rewrites them.
 */
describe('generated rule documentation', () => {
  const safety = new Map<string, ReturnType<typeof fixSafety>>();
  before(async function () {
    // Lints every rule's fixtures once; slow on a busy machine.
    this.timeout(120_000);
    await initPythonParser();
    for (const rule of RULES) safety.set(rule.meta.id, fixSafety(rule));
  });

  for (const rule of RULES) {
    it(`docs/rules/${rule.meta.id}.md is up to date`, () => {
      const path = join(DOCS, `${rule.meta.id}.md`);
      const expected = rulePage(rule, safety.get(rule.meta.id)!);
      if (update) {
        mkdirSync(DOCS, { recursive: true });
        writeFileSync(path, expected);
      }
      assert.ok(existsSync(path), `missing ${path} (run with UPDATE_DOCS=1)`);
      assert.equal(readFileSync(path, 'utf8'), expected, `${path} is out of date (run with UPDATE_DOCS=1)`);
    });
  }

  it('has no page for a rule the registry does not know', () => {
    const known = new Set(RULES.map((rule) => `${rule.meta.id}.md`));
    const stale = (existsSync(DOCS) ? readdirSync(DOCS) : []).filter((name) => name.endsWith('.md') && !known.has(name));
    if (update) stale.forEach((name) => unlinkSync(join(DOCS, name)));
    else assert.deepEqual(stale, [], 'stale pages (run with UPDATE_DOCS=1 to delete them)');
  });

  it('keeps the README rule table in step with the registry', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    assert.ok(start >= 0 && end > start, `README.md needs ${START} and ${END} around the rule table`);
    const table = `${START}\n${rulesTable(RULES, safety)}\n${END}`;
    const expected = readme.slice(0, start) + table + readme.slice(end + END.length);
    if (update) writeFileSync(README, expected);
    assert.equal(readFileSync(README, 'utf8'), expected, 'README.md rule table is out of date (run with UPDATE_DOCS=1)');
  });

  it('documents every fix the fixtures show, and only rules that declare one', () => {
    for (const rule of RULES) {
      const shown = safety.get(rule.meta.id);
      assert.equal(rule.meta.fixable, shown !== 'none', `${rule.meta.id}: meta.fixable is ${rule.meta.fixable} but its fixtures show fix safety "${shown}"`);
    }
  });
});
