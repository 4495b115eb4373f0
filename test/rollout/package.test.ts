import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';

/**
 * `npm pack` gives a tarball with the built bundles and no dependencies; a
 * project installs it with npm --offline (no registry at all) and runs the bin.
 * The bundles come from the `npm run build` that precedes every test run.
 */
describe('the packed tarball', function () {
  this.timeout(300_000);
  const temp = useTempDir('pack', 'suite');

  it('installs into a fresh project offline; `stacklint --version`, a lint and --explain run from there', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp.path], { cwd: REPO, encoding: 'utf8' }));
    const files = (packed[0].files as { path: string }[]).map((f) => f.path).sort();
    // Every file the bundles load at run time, beside them in dist/.
    for (const needed of ['dist/cli.js', 'dist/cli-replay.js', 'dist/cli-worker.js', 'dist/lsp-worker.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.cjs', 'docs/rules/print-call.md']) {
      assert.ok(files.includes(needed), `${needed} missing from ${files.join(' ')}`);
    }
    assert.ok(!files.some((f) => f.startsWith('server/') || f.startsWith('test/') || f.endsWith('.map')), files.join(' '));
    const tarball = join(temp.path, packed[0].filename);

    const project = join(temp.path, 'project');
    cpSync(join(REPO, 'examples', 'legacy-service'), project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'legacy-service', version: '1.0.0', private: true }));
    // --offline: any dependency fetched from a registry would fail the install.
    execFileSync('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    assert.deepEqual(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.')), ['stacklint']);
    assert.ok(existsSync(join(project, 'node_modules', '.bin', 'stacklint')));

    const npx = (...args: string[]) => spawnSync('npx', ['--no-install', 'stacklint', ...args], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    const version = npx('--version');
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), require('../../package.json').version);
    const lint = npx('.', '--format', 'json');
    assert.equal(lint.status, 1, lint.stderr);
    const rules = new Set((JSON.parse(lint.stdout) as { rule: string }[]).map((f) => f.rule));
    for (const rule of ['print-call', 'bare-except', 'sql-string-formatting', 'off-stack-dependency']) assert.ok(rules.has(rule), rule);
    assert.match(npx('--explain', 'print-call').stdout, /^# print-call$/m);
  });
});
