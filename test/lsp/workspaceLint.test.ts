import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { MIN_FILES_FOR_WORKERS } from '../../server/src/engine/pool';
import { type TestClient, useWorkspaceServer } from '../support/lspClient';

/** Closed files of several kinds: findings, clean code, suppressions, broken syntax, bytes that are no text. */
function writeProject(dir: string): void {
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'pyproject.toml'), '[tool.stacklint.severity]\nbare-except = "error"\n');
  writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\npytz==2023.3\n');
  // A plain class on disk; the editor's unsaved buffer makes it a Pydantic model.
  writeFileSync(join(dir, 'app', '__init__.py'), '');
  writeFileSync(join(dir, 'app', 'base.py'), 'class AppModel:\n    pass\n');
  writeFileSync(join(dir, 'app', 'user.py'), 'from app.base import AppModel\n\n\nclass User(AppModel):\n    name: str\n\n    class Config:\n        extra = "forbid"\n');
  const bodies = [
    'print(1)\n',
    'x = 1\n',
    'import pytz\n\nUTC = pytz.utc\n',
    'try:\n    pass\nexcept:\n    pass\n',
    'print(2)  # noqa: print-call\n',
    'def broken(:\n    print(3)\n',
    'import os, sys\n\nprint(os.sep, sys.argv)\n',
  ];
  for (let i = 0; i < MIN_FILES_FOR_WORKERS + 16; i++) writeFileSync(join(dir, 'pkg', `m${i}.py`), bodies[i % bodies.length]);
  writeFileSync(join(dir, 'pkg', 'binary.py'), Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x80]));
}

interface Run {
  result: { files: number; problems: number; cancelled: boolean };
  /** The diagnostics published for each closed file, by URI. */
  closed: Map<string, Diagnostic[]>;
  log: string[];
}

describe('language server: Lint Workspace on worker threads and the result cache', function () {
  this.timeout(180_000);
  const workspace = useWorkspaceServer('wslint');
  let client: TestClient;
  let dir: string;
  const savedWorkers = process.env.STACKLINT_WORKERS;
  beforeEach(() => {
    client = workspace.client;
    dir = workspace.dir;
    writeProject(dir);
  });
  afterEach(() => {
    if (savedWorkers === undefined) delete process.env.STACKLINT_WORKERS;
    else process.env.STACKLINT_WORKERS = savedWorkers;
  });

  async function lint(workers: string, settings: Record<string, unknown>, params: object = {}): Promise<Run> {
    process.env.STACKLINT_WORKERS = workers;
    client.settings = settings;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const published = client.published.length;
    const logged = client.notifications.length;
    const result = (await client.connection.sendRequest('stacklint/lintWorkspace', params)) as Run['result'];
    const closed = new Map<string, Diagnostic[]>();
    for (const params of client.published.slice(published)) if (params.version === undefined) closed.set(params.uri, params.diagnostics);
    const log = client.notifications.slice(logged).filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    return { result, closed, log };
  }

  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const codes = (run: Run, name: string) => run.closed.get(uri(name))?.map((d) => d.code);

  it('publishes on worker threads, and from the cache, exactly what one thread publishes, with unsaved buffers winning', async () => {
    const before = await lint('0', { cache: false });
    assert.deepEqual(codes(before, 'app/user.py'), []);

    // Unsaved edits: a base class a closed file's rule reads, and a document the lint takes as is.
    await client.open(uri('app/base.py'), 'python', 'from pydantic import BaseModel\n\n\nclass AppModel(BaseModel):\n    pass\n');
    await client.open(uri('pkg/m1.py'), 'python', 'import pytz\nprint(pytz)\n');
    await client.diagnostics(uri('pkg/m1.py'));

    const single = await lint('0', { cache: false });
    assert.deepEqual(codes(single, 'app/user.py'), ['pydantic-v1-config']);
    assert.ok(!single.closed.has(uri('pkg/m1.py')), 'an open document is not linted from disk');
    assert.ok(single.closed.size > MIN_FILES_FOR_WORKERS);
    assert.ok(!single.log.some((line) => / threads/.test(line)), single.log.join('\n'));

    const threads = await lint('2', { cache: false });
    assert.ok(threads.log.some((line) => /on 2 threads/.test(line)), threads.log.join('\n'));
    assert.deepEqual(threads.result, single.result);
    assert.deepEqual(threads.closed, single.closed);
    assert.ok(!existsSync(join(dir, '.stacklint_cache')), 'stacklint.cache off writes no cache');

    const first = await lint('2', { cache: true });
    assert.ok(existsSync(join(dir, '.stacklint_cache', 'editor.json')));
    const warm = await lint('2', { cache: true });
    assert.ok(warm.log.some((line) => /: \d+ files unchanged since the last run, 2 linted/.test(line)), warm.log.join('\n'));
    for (const run of [first, warm]) {
      assert.deepEqual(run.result, single.result);
      assert.deepEqual(run.closed, single.closed);
    }
  });

  it('lints files whose names are not UTF-8, each under a URI of its own bytes, never from the cache', async () => {
    // Both names decode to pkg/bad\uFFFD.py: only their bytes tell them apart.
    const pkg = Buffer.from(join(dir, 'pkg'));
    writeFileSync(Buffer.concat([pkg, Buffer.from('/bad\xff.py', 'latin1')]), 'print(1)\n');
    writeFileSync(Buffer.concat([pkg, Buffer.from('/bad\xfe.py', 'latin1')]), 'try:\n    pass\nexcept:\n    pass\n');
    const rawUri = (byte: string) => `${pathToFileURL(join(dir, 'pkg')).href}/bad%${byte}.py`;
    const single = await lint('0', { cache: false });
    assert.deepEqual(single.closed.get(rawUri('FF'))?.map((d) => d.code), ['print-call']);
    assert.deepEqual(single.closed.get(rawUri('FE'))?.map((d) => d.code), ['bare-except']);
    assert.ok(!single.closed.has(uri('pkg/bad\uFFFD.py')), 'no diagnostics under the decoded path, which names no file');
    for (const run of [await lint('2', { cache: true }), await lint('2', { cache: true })]) {
      assert.deepEqual(run.result, single.result);
      assert.deepEqual(run.closed, single.closed);
    }
    // Linted again each time: the two names and pkg/binary.py, which is skipped, so never cached either.
    const warm = await lint('2', { cache: true });
    assert.ok(warm.log.some((line) => /unchanged since the last run, 3 linted/.test(line)), warm.log.join('\n'));

    // A client may open such a file under its bytes' URI: its buffer wins over the disk.
    await client.open(rawUri('FF'), 'python', 'print(5)\nprint(6)\n');
    assert.equal((await client.diagnostics(rawUri('FF'), (p) => p.version === 1)).length, 2);
    // Another client spells the escape otherwise: still the same file, linted at its buffer.
    const lower = rawUri('fe');
    await client.open(lower, 'python', 'print(7)\n');
    assert.deepEqual((await client.diagnostics(lower, (p) => p.version === 1)).map((d) => d.code), ['print-call']);
    const opened = await lint('0', { cache: false });
    assert.ok(!opened.closed.has(rawUri('FF')), 'an open document is not linted from disk');
    assert.ok(!opened.closed.has(rawUri('FE')) && !opened.closed.has(lower), 'nor one opened under another spelling of its URI');
    assert.deepEqual(opened.result, { ...single.result, problems: single.result.problems + 1 });
  });

  it('finds a changed file, and a changed setting, past the cache', async () => {
    const first = await lint('2', { cache: true });
    assert.deepEqual(codes(first, 'pkg/m0.py'), ['print-call']);
    writeFileSync(join(dir, 'pkg', 'm0.py'), 'import pytz\n\nUTC = pytz.utc\n\n\n');
    const changed = await lint('2', { cache: true });
    assert.deepEqual(codes(changed, 'pkg/m0.py'), ['pytz-usage']);
    const severity = await lint('2', { cache: true, severity: { 'print-call': 'off' } });
    assert.deepEqual(codes(severity, 'pkg/m7.py'), []);
    assert.deepEqual(severity.closed, (await lint('0', { cache: false, severity: { 'print-call': 'off' } })).closed);
  });

  it('finds a removed policy file past the cache: its problem shows on the pyproject.toml', async () => {
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.stacklint]\npolicy = "team.toml"\n');
    writeFileSync(join(dir, 'team.toml'), 'extends = "default"\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pyproject.toml'), type: 2 }, { uri: uri('team.toml'), type: 1 }] });
    assert.deepEqual(codes(await lint('2', { cache: true }), 'pyproject.toml'), []);
    rmSync(join(dir, 'team.toml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('team.toml'), type: 3 }] });
    const missing = await lint('2', { cache: true });
    assert.deepEqual(codes(missing, 'pyproject.toml'), ['invalid-configuration']);
    assert.deepEqual(missing.closed, (await lint('0', { cache: false })).closed);
  });

  it('neither reads nor writes the cache of a workspace the editor does not trust', async () => {
    await lint('2', { cache: true }, { trusted: false });
    assert.ok(!existsSync(join(dir, '.stacklint_cache')));
  });
});
