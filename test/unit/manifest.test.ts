import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationContribution } from '../../server/src/lsp/settingsManifest';
import { REPO } from '../support/fixtures';

describe('package.json', () => {
  it('contributes exactly the configuration generated from the server settings and the rule registry (UPDATE_MANIFEST=1 rewrites it)', () => {
    const path = join(REPO, 'package.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    const expected = configurationContribution();
    if (process.env.UPDATE_MANIFEST) {
      manifest.contributes.configuration = expected;
      writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
    }
    assert.deepEqual(manifest.contributes.configuration, expected);
  });
});
