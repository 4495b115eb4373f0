import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inProcessClient, type TestClient } from '../support/lspClient';

interface Case {
  key: string;
  toml: string;
  file: string;
  text: string;
  /** Codes (and severities, 1-4) reported without the setting, then with it. */
  without: [string, number][];
  with: [string, number][];
}

const CASES: Case[] = [
  { key: 'disable', toml: 'disable = ["print-call"]', file: 'app.py', text: 'print(1)\n', without: [['print-call', 2]], with: [] },
  { key: 'severity', toml: '[tool.stacklint.severity]\nprint-call = "error"', file: 'app.py', text: 'print(1)\n', without: [['print-call', 2]], with: [['print-call', 1]] },
  { key: 'tests', toml: 'tests = ["checks/**"]', file: 'checks/smoke.py', text: 'print(1)\n', without: [['print-call', 2]], with: [] },
  { key: 'exclude', toml: 'exclude = ["migrations/**"]', file: 'migrations/0001.py', text: 'print(1)\n', without: [['print-call', 2]], with: [] },
  { key: 'extend-allow', toml: 'extend-allow = ["tenacity"]', file: 'requirements.txt', text: 'tenacity==8.2.3\n', without: [['off-stack-dependency', 3]], with: [] },
  { key: 'per-file-ignores', toml: '[tool.stacklint.per-file-ignores]\n"scripts/*.py" = ["print-call"]', file: 'scripts/seed.py', text: 'print(1)\n', without: [['print-call', 2]], with: [] },
  { key: 'minimum-versions', toml: '[tool.stacklint.minimum-versions]\nfastapi = "0.110"', file: 'requirements.txt', text: 'fastapi==0.104.0\n', without: [], with: [['below-stack-version', 2]] },
  { key: 'python', toml: '[tool.stacklint.python]\nmin = "3.8"', file: 'pyproject.toml', text: '[project]\nname = "svc"\nrequires-python = ">=3.8"\n', without: [['below-stack-version', 2]], with: [] },
];

describe('[tool.stacklint] through the language server', function () {
  this.timeout(10000);

  for (const testCase of CASES) {
    it(`${testCase.key} changes what is reported`, async () => {
      for (const configured of [false, true]) {
        const dir = mkdtempSync(join(tmpdir(), 'stacklint-config-'));
        const client: TestClient = inProcessClient();
        try {
          const table = configured ? `[tool.stacklint]\n${testCase.toml}\n` : '[tool.stacklint]\n';
          const inPyproject = testCase.file === 'pyproject.toml';
          const text = inPyproject ? `${testCase.text}\n${table}` : testCase.text;
          writeFileSync(join(dir, 'pyproject.toml'), inPyproject ? text : table);
          mkdirSync(dirname(join(dir, testCase.file)), { recursive: true });
          writeFileSync(join(dir, testCase.file), text);
          await client.initialize(pathToFileURL(dir).href);
          const uri = pathToFileURL(join(dir, testCase.file)).href;
          const language = testCase.file.endsWith('.py') ? 'python' : inPyproject ? 'toml' : 'pip-requirements';
          await client.open(uri, language, text);
          const reported = (await client.diagnostics(uri)).map((d) => [d.code, d.severity]);
          assert.deepEqual(reported, configured ? testCase.with : testCase.without, configured ? 'with the setting' : 'without it');
        } finally {
          await client.shutdown();
          client.connection.dispose();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  }
});
