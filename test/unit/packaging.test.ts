import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileKind } from '../../server/src/engine/lint';
import { REPO } from '../support/fixtures';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

describe('packaging', () => {
  it('the extension icon is a 128x128 PNG that the .vscodeignore allow-list ships', () => {
    const png = readFileSync(join(REPO, manifest.icon));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
    const allowed = readFileSync(join(REPO, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1));
    assert.ok(allowed.includes(manifest.icon), `.vscodeignore must allow ${manifest.icon}`);
  });

  it("the extension's own page is docs/extension.md, written for extension users, with absolute image links", () => {
    const readmePath = /--readme-path (\S+)/.exec(manifest.scripts.package)?.[1];
    assert.equal(readmePath, 'docs/extension.md');
    const page = readFileSync(join(REPO, readmePath), 'utf8');
    for (const setting of Object.keys(manifest.contributes.configuration.properties)) assert.ok(page.includes(`\`${setting}\``), setting);
    const images = [...page.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0 && images.every((src) => src.startsWith('https://')), images.join(' '));
  });

  it('npm pack ships a self-contained package: no runtime dependencies, a bin and its bundles', () => {
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.bin.stacklint, 'bin/stacklint.js');
    assert.equal(manifest.scripts.prepare, 'node esbuild.mjs');
  });

  it('the pre-commit hook passes every file the engine lints (and not others) to the CLI', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const [hook] = yaml.load(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; language: string; entry: string; files: string }[];
    assert.deepEqual([hook.id, hook.language, hook.entry], ['stacklint', 'node', 'stacklint']);
    // Python's inline (?i) is JavaScript's `i` flag.
    const files = new RegExp(hook.files.replace(/^\(\?i\)/, ''), hook.files.startsWith('(?i)') ? 'i' : '');
    const names = [
      'app/main.py', 'stubs/x.pyi', 'pyproject.toml', 'sub/pyproject.toml', 'requirements.txt', 'requirements-dev.txt', 'requirements/prod.txt',
      'dev-requirements.in', 'dev-requirements.txt', 'constraints.txt', 'deps.pip', 'Dockerfile', 'docker/Dockerfile.prod', 'api.dockerfile', 'Containerfile',
      'README.md', 'setup.cfg', 'docs/notes.txt', 'package.json', 'script.sh',
    ];
    for (const name of names) {
      if (fileKind(`/repo/${name}`)) assert.ok(files.test(name), `${name} is linted but the hook does not pass it`);
      else assert.ok(!files.test(name), `${name} is passed but not linted`);
    }
  });
});
