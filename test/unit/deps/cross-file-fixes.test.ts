import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type StacklintConfig } from '../../../server/src/core/config';
import { ConfigCache } from '../../../server/src/config/load';
import { applyEdits } from '../../../server/src/engine/fixes';
import { lintText } from '../../../server/src/engine/lint';
import type { Finding, Fix } from '../../../server/src/core/types';

/** Applies a fix to real files: the linted file's text in memory, other files on disk. Returns every resulting text. */
function applyFix(path: string, text: string, fix: Fix): Map<string, string> {
  const results = new Map<string, string>();
  const byFile = new Map<string, typeof fix.edits>();
  for (const edit of fix.edits) byFile.set(edit.file ?? path, [...(byFile.get(edit.file ?? path) ?? []), edit]);
  for (const [file, edits] of byFile) {
    if (edits.some((edit) => edit.createFile)) {
      assert.equal(edits.length, 1);
      results.set(file, edits[0].newText);
      continue;
    }
    const before = file === path ? text : readFileSync(file, 'utf8');
    results.set(file, applyEdits(before, edits));
  }
  return results;
}

function only(findings: Finding[], rule: string): Finding {
  const matching = findings.filter((finding) => finding.rule === rule);
  assert.equal(matching.length, 1, JSON.stringify(findings.map((f) => f.rule)));
  return matching[0];
}

describe('cross-file dependency fixes', () => {
  let dir: string;
  let config: StacklintConfig;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacklint-deps-'));
    config = defaultConfig(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('move a dev tool to requirements-dev.txt', () => {
    const production = 'fastapi==0.104.0\npytest==7.4.3 \\\n    --hash=sha256:abc\nhttpx==0.25.0\n';

    /** The fix for the one dev tool in `text`, linted as `path`, and every text applying it gives. */
    const move = (path: string, text = production) => {
      const fix = only(lintText(path, text, config), 'dev-dependency-in-production').fix as Fix;
      return { fix, results: applyFix(path, text, fix) };
    };

    it('writes the moved lines in each file\'s own line breaks (CRLF here, LF in the development file)', () => {
      const path = join(dir, 'requirements.txt');
      writeFileSync(join(dir, 'requirements-dev.txt'), 'ruff==0.1.6\n');
      const { results } = move(path, production.replace(/\n/g, '\r\n'));
      assert.equal(results.get(path), 'fastapi==0.104.0\r\nhttpx==0.25.0\r\n');
      assert.equal(results.get(join(dir, 'requirements-dev.txt')), 'ruff==0.1.6\npytest==7.4.3 \\\n    --hash=sha256:abc\n');
    });

    it('creates requirements-dev.txt in the production file\'s line breaks', () => {
      const path = join(dir, 'requirements.txt');
      const { results } = move(path, production.replace(/\n/g, '\r\n'));
      assert.equal(results.get(join(dir, 'requirements-dev.txt')), '-r requirements.txt\r\npytest==7.4.3 \\\r\n    --hash=sha256:abc\r\n');
    });

    it('creates requirements-dev.txt, including the production file, when missing', () => {
      const path = join(dir, 'requirements.txt');
      const { fix, results } = move(path);
      assert.equal(fix.title, 'Move pytest to requirements-dev.txt');
      const created = fix.edits.find((edit) => edit.file);
      assert.deepEqual([created?.file, created?.createFile], [join(dir, 'requirements-dev.txt'), true]);
      assert.equal(results.get(path), 'fastapi==0.104.0\nhttpx==0.25.0\n');
      assert.equal(results.get(join(dir, 'requirements-dev.txt')), '-r requirements.txt\npytest==7.4.3 \\\n    --hash=sha256:abc\n');
    });

    it('appends to an existing requirements-dev.txt, adding a missing final newline', () => {
      writeFileSync(join(dir, 'requirements-dev.txt'), '-r requirements.txt\nblack==23.11.0');
      const path = join(dir, 'requirements.txt');
      const { results } = move(path);
      assert.equal(results.get(path), 'fastapi==0.104.0\nhttpx==0.25.0\n');
      assert.equal(results.get(join(dir, 'requirements-dev.txt')), '-r requirements.txt\nblack==23.11.0\npytest==7.4.3 \\\n    --hash=sha256:abc\n');
    });

    it('only removes the line when requirements-dev.txt already lists the package', () => {
      writeFileSync(join(dir, 'requirements-dev.txt'), 'PyTest==7.4.0\n');
      const path = join(dir, 'requirements.txt');
      const { fix, results } = move(path);
      assert.equal(fix.title, 'Remove pytest (already in requirements-dev.txt)');
      assert.deepEqual([...results.keys()], [path]);
    });

    it('moves from requirements/base.txt to requirements/dev.txt', () => {
      mkdirSync(join(dir, 'requirements'));
      const path = join(dir, 'requirements', 'base.txt');
      const { results } = move(path, 'ruff==0.1.6\nfastapi==0.104.0');
      assert.equal(results.get(path), 'fastapi==0.104.0');
      assert.equal(results.get(join(dir, 'requirements', 'dev.txt')), '-r base.txt\nruff==0.1.6\n');
    });
  });

  describe('approve a deviation', () => {
    const text = 'fastapi==0.104.0\nflask==2.3.3\n';
    const placeholder = 'flask = "TODO: ADR reference and reason"';

    it('creates pyproject.toml with the table when there is none', () => {
      const path = join(dir, 'requirements.txt');
      const [approve] = only(lintText(path, text, config), 'off-stack-dependency').alternatives as Fix[];
      assert.equal(approve.title, 'Approve flask as a deviation in pyproject.toml');
      const results = applyFix(path, text, approve);
      assert.equal(results.get(join(dir, 'pyproject.toml')), `[tool.stacklint.approved-deviations]\n${placeholder}\n`);
    });

    it('adds the table to an existing pyproject.toml, and the finding goes away', () => {
      const pyproject = join(dir, 'pyproject.toml');
      writeFileSync(pyproject, '[project]\nname = "svc"\n\n[tool.stacklint]\ndisable = []');
      const path = join(dir, 'requirements.txt');
      const loaded = () => new ConfigCache(dir, undefined, { stopAt: dir }).forFile(path).config;
      const [approve] = only(lintText(path, text, loaded()), 'off-stack-dependency').alternatives as Fix[];
      const updated = applyFix(path, text, approve).get(pyproject) as string;
      assert.equal(updated, `[project]\nname = "svc"\n\n[tool.stacklint]\ndisable = []\n\n[tool.stacklint.approved-deviations]\n${placeholder}\n`);
      writeFileSync(pyproject, updated);
      assert.deepEqual(lintText(path, text, loaded()).filter((f) => f.rule === 'off-stack-dependency'), []);
    });

    it('adds to an existing approved-deviations table', () => {
      const pyproject = join(dir, 'pyproject.toml');
      writeFileSync(pyproject, '[tool.stacklint.approved-deviations]\nmongoengine = "ADR-012"\n\n[tool.black]\nline-length = 100\n');
      const path = join(dir, 'requirements.txt');
      const [approve] = only(lintText(path, text, { ...config, configFile: pyproject }), 'off-stack-dependency').alternatives as Fix[];
      assert.equal(applyFix(path, text, approve).get(pyproject), `[tool.stacklint.approved-deviations]\n${placeholder}\nmongoengine = "ADR-012"\n\n[tool.black]\nline-length = 100\n`);
    });

    it('edits the linted pyproject.toml itself as a local edit', () => {
      const pyproject = join(dir, 'pyproject.toml');
      const own = '[project]\nname = "svc"\ndependencies = ["flask>=2"]\n';
      const [approve] = only(lintText(pyproject, own, { ...config, configFile: pyproject }), 'off-stack-dependency').alternatives as Fix[];
      assert.ok(approve.edits.every((edit) => edit.file === undefined));
      assert.equal(applyEdits(own, approve.edits), `${own}\n[tool.stacklint.approved-deviations]\n${placeholder}\n`);
    });
  });
});
