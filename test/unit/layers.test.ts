import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';

// The layers of server/src, bottom to top. A module may import from its own
// folder and from lower layers; language modules (one layer) do not import
// each other, and neither do the front ends.
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['policy'],
  ['dependencies'],
  ['python', 'requirements', 'pyproject', 'dockerfile'],
  ['engine', 'config'],
  ['cli', 'lsp'],
  ['main.ts'],
];
/** Folders of one layer that work as one unit and may import each other. */
const PARTNERS = [['engine', 'config']];

const SRC = join(REPO, 'server', 'src');

function rank(folder: string): number {
  const at = LAYERS.findIndex((layer) => layer.includes(folder));
  if (at < 0) throw new Error(`server/src/${folder} is in no layer: add it to LAYERS in test/unit/layers.test.ts`);
  return at;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}


/** Every relative import of a file, as the top folder it reaches. */
function importedFolders(src: string, path: string): { spec: string; folder: string }[] {
  const text = readFileSync(path, 'utf8');
  const found: { spec: string; folder: string }[] = [];
  for (const match of text.matchAll(/(?:from|import\(|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = normalize(join(dirname(path), match[1]));
    const rel = relative(src, target);
    found.push({ spec: match[1], folder: rel.startsWith('..') ? '(outside)' : rel.split(sep)[0] });
  }
  return found;
}

function layerViolations(src: string): string[] {
  const violations: string[] = [];
  for (const file of sources(src)) {
    const from = relative(src, file).split(sep)[0];
    for (const { spec, folder } of importedFolders(src, file)) {
      if (folder === from) continue;
      const where = `${relative(src, file)} imports ${spec}`;
      // The package manifest is read for stacklint's own version.
      if (folder === '(outside)' && spec.endsWith('/package.json')) continue;
      if (folder === '(outside)') {
        violations.push(`${where}: outside server/src`);
        continue;
      }
      const partners = PARTNERS.some((group) => group.includes(from) && group.includes(folder));
      if (rank(folder) > rank(from)) violations.push(`${where}: ${folder} is above ${from}`);
      else if (rank(folder) === rank(from) && !partners) violations.push(`${where}: ${folder} and ${from} are peers`);
    }
  }
  return violations;
}

describe('layers', () => {
  const temp = useTempDir('layers');

  it('has no import from a lower layer to a higher one, nor between peers', () => {
    assert.deepEqual(layerViolations(SRC), []);
  });

  it('reports an upward import and an import between peers', () => {
    const src = temp.path;
    mkdirSync(join(src, 'core'));
    mkdirSync(join(src, 'python'));
    mkdirSync(join(src, 'requirements'));
    writeFileSync(join(src, 'core', 'types.ts'), "import { lintText } from '../engine/lint';\nimport { a } from './text';\n");
    writeFileSync(join(src, 'python', 'file.ts'), "import { b } from '../requirements/parse';\nimport type { C } from '../core/types';\n");
    writeFileSync(join(src, 'requirements', 'parse.ts'), '');
    assert.deepEqual(layerViolations(src), [
      "core/types.ts imports ../engine/lint: engine is above core",
      "python/file.ts imports ../requirements/parse: requirements and python are peers",
    ]);
  });
});
