import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { runCli } from '../support/cli';
import { useWorkspaceServer } from '../support/lspClient';

const SOURCE = 'import logging\n\n\ndef main():\n    print("started")\n    try:\n        pass\n    except:\n        pass\n';

describe('baseline in the editor', function () {
  this.timeout(30000);
  const workspace = useWorkspaceServer('baseline');

  const summary = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1} ${d.code} ${d.severity}${d.message.endsWith('(in the baseline)') ? ' baselined' : ''}`);

  it('shows findings of .stacklint-baseline.json as hints, hides them, or ignores the baseline, by stacklint.baseline', async () => {
    const { dir, client } = workspace;
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "svc"\n');
    writeFileSync(join(dir, 'app.py'), SOURCE);
    const written = runCli(dir, '--write-baseline');
    assert.equal(written.code, 0, written.stderr);

    // The buffer moved the accepted findings down by two lines and added a new print.
    const edited = `"""Service."""\n\n${SOURCE}    print("new")\n`;
    const uri = workspace.uri('app.py');
    await client.open(uri, 'python', edited);
    assert.deepEqual(summary(await client.diagnostics(uri)), ['7 print-call 4 baselined', '10 bare-except 4 baselined', '12 print-call 2']);

    client.settings = { baseline: 'hide' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(summary(await client.diagnostics(uri, (p) => p.diagnostics.length === 1)), ['12 print-call 2']);

    client.settings = { baseline: 'off' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(summary(await client.diagnostics(uri, (p) => p.diagnostics.length === 3)), ['7 print-call 2', '10 bare-except 2', '12 print-call 2']);
  });

  it('ignores a malformed baseline and reports everything', async () => {
    const { dir, client } = workspace;
    writeFileSync(join(dir, '.stacklint-baseline.json'), '{"version": 1, "files": [');
    const uri = workspace.uri('app.py');
    await client.open(uri, 'python', SOURCE);
    assert.deepEqual(summary(await client.diagnostics(uri)), ['5 print-call 2', '8 bare-except 2']);
  });
});
