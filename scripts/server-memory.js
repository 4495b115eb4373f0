#!/usr/bin/env node
// Measures the language server's memory around one large document: starts
// dist/server.js over stdio as an editor would, opens a 5 MB Python file
// (standard-library code), edits it, closes it, and prints the server's
// resident set size (VmRSS, Linux) at each step, for CYCLES rounds. Prints
// figures; asserts nothing. Env: SIZE_MB (default 5), SETTLE_S (seconds to
// wait after close, default 15), CYCLES (default 2), PLAIN=1, SERVER_NODE_ARGS.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const ROOT = path.resolve(__dirname, '..');
const SIZE = Number(process.env.SIZE_MB || 5) * 1024 * 1024;
const SETTLE_MS = Number(process.env.SETTLE_S || 15) * 1000;
const CYCLES = Number(process.env.CYCLES || 2);
/** PLAIN=1: start the server as other editors do, without the malloc settings and Node flags the VS Code client passes. */
const PLAIN = process.env.PLAIN === '1';
/** The environment and Node flags the VS Code client gives the server (SERVER_MALLOC_ENV, SERVER_NODE_FLAGS in server/src/lsp/protocol.ts). */
const SERVER_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' };
const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];
const STDLIB = process.env.STDLIB || '/root/.pyenv/versions/3.11.7/lib/python3.11';

function pythonFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['test', 'tests', 'site-packages'].includes(entry.name) ? [] : pythonFiles(full);
    return entry.name.endsWith('.py') ? [full] : [];
  });
}

/** Standard-library modules one after another, cut at a line end near SIZE characters. */
function largeSource() {
  let text = '';
  for (const file of pythonFiles(STDLIB)) {
    text += fs.readFileSync(file, 'utf8') + '\n';
    if (text.length >= SIZE) break;
  }
  return text.slice(0, text.lastIndexOf('\n', SIZE) + 1);
}

function rssMb(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklint-memory-'));
  const nodeArgs = [...(PLAIN ? [] : SERVER_NODE_FLAGS), ...(process.env.SERVER_NODE_ARGS || '').split(' ').filter(Boolean)];
  const env = PLAIN ? process.env : { ...process.env, ...SERVER_MALLOC_ENV };
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map();
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    published.set(params.uri, params);
    for (const waiter of waiters.splice(0)) if (!waiter(params)) waiters.push(waiter);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const publishedFor = (uri, test) => new Promise((resolve) => {
    const current = published.get(uri);
    if (current && test(current)) return resolve(current);
    waiters.push((params) => params.uri === uri && test(params) && (resolve(params), true));
  });

  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'memory' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await connection.sendNotification('initialized', {});

  // Warm up: the parser and every rule have run once before the baseline.
  const small = pathToFileURL(path.join(dir, 'small.py')).href;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: small, languageId: 'python', version: 1, text: 'print(1)\n' } });
  await publishedFor(small, (p) => p.version === 1);
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: small } });
  await sleep(4000);
  const baseline = rssMb(child.pid);

  const text = largeSource();
  const uri = pathToFileURL(path.join(dir, 'large.py')).href;
  const cycles = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const figures = {};
    let started = Date.now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const first = await publishedFor(uri, (p) => p.version === 1);
    figures.openMs = Date.now() - started;
    figures.diagnostics = first.diagnostics.length;
    figures.afterOpen = rssMb(child.pid);

    // A few keystrokes, as someone editing the file would make.
    started = Date.now();
    for (let version = 2; version <= 4; version++) {
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `x${version} = 1\n` }],
      });
      await publishedFor(uri, (p) => p.version === version);
    }
    figures.editsMs = Date.now() - started;
    figures.afterEdits = rssMb(child.pid);

    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await publishedFor(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    figures.afterClose = rssMb(child.pid);
    await sleep(SETTLE_MS);
    figures.settled = rssMb(child.pid);
    published.delete(uri);
    cycles.push(figures);
  }

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  fs.rmSync(dir, { recursive: true, force: true });

  const mb = (value) => `${value.toFixed(1)} MB`;
  const how = PLAIN ? 'started plainly (PLAIN=1)' : 'started with the VS Code client\'s malloc settings and Node flags';
  process.stdout.write(`server ${how}; document: ${(text.length / 1024 / 1024).toFixed(2)} MB of standard-library Python; server RSS before: ${mb(baseline)}\n`);
  for (const [index, f] of cycles.entries()) {
    process.stdout.write(
      `cycle ${index + 1}: ${f.diagnostics} diagnostics, first lint ${f.openMs} ms, 3 edits ${f.editsMs} ms; RSS open ${mb(f.afterOpen)}, ` +
        `after edits ${mb(f.afterEdits)}, closed ${mb(f.afterClose)}, ${SETTLE_MS / 1000} s later ${mb(f.settled)} (${f.settled - baseline >= 0 ? '+' : ''}${mb(f.settled - baseline)} on before)\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
