import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { defaultConfig } from '../../server/src/core/config';
import { fixAll } from '../../server/src/engine/fixes';
import { initPythonParser } from '../../server/src/python/parse';
import { FIXTURES, REPO } from '../support/fixtures';
import { assertCompiles } from '../support/python';
import { filesUnder } from '../support/ruleDocs';

// Ruff's isort (I001) is the oracle: a file it finds sorted stays sorted after stacklint's fixes.
const ruff = new Workspace({ 'target-version': 'py311', lint: { select: ['I001'], isort: { 'known-first-party': ['app'] } } }, PositionEncoding.Utf16);
const unsorted = (text: string): boolean => (ruff.check(text) as { code: string | null }[]).some((d) => d.code === 'I001');

const ROOT = '/project';

/** Sorted files whose fixes add imports of every kind: stdlib module, stdlib name, third-party name, into every section layout. */
const CASES: Record<string, string> = {
  'stdlib module among stdlib': 'import os\nimport sys\n\n\ndef main():\n    print(os.sep, sys.argv)\n',
  'stdlib before third party and first party':
    'import requests\n\nfrom app.db import rows\n\n\ndef main():\n    print(requests, rows)\n',
  'stdlib name into an existing from-import':
    'from datetime import datetime\n\nimport requests\n\n\ndef now():\n    return datetime.utcnow(), requests\n',
  'new stdlib from-import after the straight imports':
    'import os\nfrom pathlib import Path\n\nimport pytz\n\nUTC = pytz.utc\nPARIS = pytz.timezone("Europe/Paris")\nHERE = Path(os.sep)\n',
  'third-party name into its section': 'import os\n\nimport sqlalchemy\n\nBase = sqlalchemy.orm.declarative_base()\nROOT = os.sep\n',
  'future import stays first': 'from __future__ import annotations\n\nimport sys\n\n\ndef main():\n    print(sys.argv)\n',
  'multi-line from-import keeps its layout':
    'from datetime import (\n    date,\n    datetime,\n)\n\n\ndef now():\n    return date.today(), datetime.utcnow()\n',
};

describe('imports that fixes add are sorted as isort / Ruff I001 would', function () {
  this.timeout(60_000);
  before(async () => initPythonParser());

  for (const [name, before] of Object.entries(CASES)) {
    it(name, () => {
      assert.equal(unsorted(before), false, `the case itself is unsorted:\n${before}`);
      const result = fixAll(`${ROOT}/app/main.py`, before, defaultConfig(ROOT), { unsafe: true });
      assert.notEqual(result.text, before, 'no fix applied');
      assert.equal(unsorted(result.text), false, `Ruff I001 after the fixes:\n${result.text}`);
      assertCompiles(result.text);
    });
  }

  it('keeps every sorted fixture and example file sorted', () => {
    const files = [...filesUnder(join(FIXTURES, 'python')), ...filesUnder(join(REPO, 'examples'))].filter((path) => path.endsWith('.py'));
    let checked = 0;
    for (const path of files) {
      const before = readFileSync(path, 'utf8');
      if (unsorted(before)) continue;
      const after = fixAll(path, before, defaultConfig(join(path, '..')), { unsafe: true }).text;
      if (after === before) continue;
      checked++;
      assert.equal(unsorted(after), false, `${path} is unsorted after the fixes:\n${after}`);
    }
    assert.ok(checked >= 10, `only ${checked} files checked`);
  });
});
