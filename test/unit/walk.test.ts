import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { walkFiles } from '../../server/src/engine/walk';

describe('walkFiles', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stacklint-walk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a name that is not UTF-8 its exact bytes, also from a root written with a trailing separator', () => {
    const name = Buffer.from('bad\xff.py', 'latin1');
    writeFileSync(Buffer.concat([Buffer.from(dir + sep), name]), 'print(1)\n');
    writeFileSync(join(dir, 'good.py'), 'print(1)\n');
    for (const root of [dir, dir + sep]) {
      const walked = walkFiles(root, () => false);
      assert.deepEqual(walked.map((file) => file.path).sort(), [join(dir, 'bad\uFFFD.py'), join(dir, 'good.py')]);
      const raw = walked.find((file) => file.raw)?.raw;
      assert.deepEqual(raw && Buffer.from(raw), Buffer.concat([Buffer.from(dir + sep), name]), root);
    }
  });
});
