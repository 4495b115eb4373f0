import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildStamp, SHIPPED_DATA } from '../../server/src/core/buildStamp';
import { packageRoot } from '../../server/src/core/package';
import { defaultPolicyData, defaultPolicyPath } from '../../server/src/policy/default';
import { useTempDir } from '../support/tempDir';

describe('build stamp (what keys cached results and replayed reports to a build)', () => {
  const temp = useTempDir('build-stamp');

  it('names the shipped files a lint reads: the default policy and the standard it cites', () => {
    const shipped = (path: string) => relative(packageRoot(), path).split('\\').join('/');
    assert.ok(SHIPPED_DATA.includes(shipped(defaultPolicyPath())), shipped(defaultPolicyPath()));
    assert.ok(SHIPPED_DATA.includes(shipped(defaultPolicyData().standard)), shipped(defaultPolicyData().standard));
  });

  it('changes when a bundle or a shipped file is rewritten, and not otherwise', () => {
    for (const file of ['dist/cli.js', ...SHIPPED_DATA]) {
      mkdirSync(join(temp.path, file, '..'), { recursive: true });
      writeFileSync(join(temp.path, file), 'one\n');
    }
    const before = buildStamp(temp.path, ['dist/cli.js']);
    assert.equal(buildStamp(temp.path, ['dist/cli.js']), before);
    for (const file of ['dist/cli.js', ...SHIPPED_DATA]) {
      const stamp = buildStamp(temp.path, ['dist/cli.js']);
      writeFileSync(join(temp.path, file), 'two\n');
      assert.notEqual(buildStamp(temp.path, ['dist/cli.js']), stamp, file);
    }
  });
});
