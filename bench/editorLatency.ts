// Editor figures through the real server over stdio (dist/server.js, as
// VS Code runs it): latency from a one-character didChange to the
// diagnostics of that version, on generated-from-stdlib documents of 2,000
// and 10,000 lines, without a lint delay (what a lint costs) and with the
// adaptive delay at typing pace (what a user waits). A new server's first
// edits run while V8 still compiles the lint's code (a one-time cost of
// each session), so they are reported apart from the edits after them; then the server's
// memory with 200 files open and after a workspace lint, and that lint's time.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnedAsVsCodeDoes, type TestClient } from '../test/support/lspClient';
import { benchDocument as document, percentile, pythonFiles } from './editorDocument';

const REPO = resolve(__dirname, '../..');
// BENCH_SERVER=dist/other-build.js compares another build of the server (it must sit in dist/, beside its worker and wasm).
const SERVER = process.env.BENCH_SERVER ? resolve(process.env.BENCH_SERVER) : join(REPO, 'dist', 'server.js');

function stdlibPath(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function rssMb(client: TestClient): number {
  const status = readFileSync(`/proc/${client.process!.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** What the server says each version's lint took (its debug log), apart from the messages and scheduling around it. */
function serverLintTimes(client: TestClient): Map<number, number> {
  const times = new Map<number, number>();
  client.connection.onNotification('window/logMessage', (params: { message: string }) => {
    const found = /\(version (\d+)\) in ([\d.]+) ms/.exec(params.message);
    if (found) times.set(Number(found[1]), Number(found[2]));
  });
  return times;
}

/** Latencies of one-character edits (a space added, then removed again, at line ends): the first `warmup`, then `edits` more, with the versions edited. */
async function latencies(client: TestClient, uri: string, text: string, warmup: number, edits: number, pauseMs: () => number): Promise<{ first: number[]; after: number[]; versions: number[] }> {
  await client.open(uri, 'python', text, 1);
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  const lineCount = text.split('\n').length - 1;
  const lines = text.split('\n');
  const times: number[] = [];
  const versions: number[] = [];
  let version = 1;
  let added: { line: number; character: number } | undefined;
  for (let i = 0; i < warmup + edits; i++) {
    version++;
    let change;
    if (added) {
      change = { range: { start: added, end: { line: added.line, character: added.character + 1 } }, text: '' };
      added = undefined;
    } else {
      const line = (i * 7919) % lineCount;
      added = { line, character: lines[line].length };
      change = { range: { start: added, end: added }, text: ' ' };
    }
    const expected = version;
    const started = performance.now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await client.diagnostics(uri, (p) => p.version === expected, 60_000);
    times.push(performance.now() - started);
    versions.push(expected);
    await sleep(pauseMs());
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { first: times.slice(0, warmup), after: times.slice(warmup), versions: versions.slice(warmup) };
}

async function main(): Promise<void> {
  const stdlib = stdlibPath();
  const files = pythonFiles(stdlib);
  const edits = Number(process.env.EDITS ?? 300);
  const warmup = Number(process.env.WARMUP ?? 100);
  const rows: string[] = [];
  // MEMORY_ONLY=1: the memory figures and the workspace lint alone.
  for (const size of process.env.MEMORY_ONLY ? [] : (process.env.SIZES ?? '2000,10000').split(',').map(Number)) {
    const text = document(files, size);
    for (const mode of ['no delay', 'adaptive delay, typing'] as const) {
      const client = spawnedAsVsCodeDoes(SERVER);
      // The debug log says how long each lint took inside the server.
      client.settings = mode === 'no delay' ? { lintDelay: 0, logLevel: 'debug' } : { logLevel: 'debug' };
      const serverTimes = serverLintTimes(client);
      await client.initialize(null);
      // Typing pace: 60-180 ms between keystrokes; without a delay, back to back.
      const pause = mode === 'no delay' ? () => 0 : () => 60 + Math.random() * 120;
      const { first, after, versions } = await latencies(client, `untitled:bench-${size}`, text, warmup, edits, pause);
      const figures = (times: number[]) => (times.length > 0 ? [50, 95, 99].map((p) => percentile(times, p).toFixed(1)).join(' / ') : '–');
      const inServer = versions.map((version) => serverTimes.get(version)).filter((ms): ms is number => ms !== undefined);
      rows.push(`| ${size.toLocaleString('en')} lines | ${mode} | ${figures(after)} | ${figures(inServer)} | ${figures(first)} |`);
      await client.shutdown();
      client.connection.dispose();
    }
  }
  console.log(
    `| document | mode | p50 / p95 / p99 ms, edits ${warmup + 1}–${warmup + edits} | the same edits' lint inside the server | p50 / p95 / p99 ms, a new server's first ${warmup} edits |\n|---|---|---|---|---|\n` +
      rows.join('\n'),
  );
  console.log(`load average: ${loadavg().map((load) => load.toFixed(2)).join(', ')}`);
  // EDITOR_ONLY=1: the latency table alone, without the memory figures and the workspace lint.
  if (process.env.EDITOR_ONLY) return;

  // Memory and the workspace lint, on the stdlib as the workspace folder; both lints cold, as the
  // server's result cache from an earlier run of this same build would otherwise answer it.
  rmSync(join(stdlib, '.stacklint_cache', 'editor.json'), { force: true });
  const client = spawnedAsVsCodeDoes(SERVER);
  await client.initialize(pathToFileURL(stdlib).href);
  const before = rssMb(client);
  const opened = files.slice(0, 200);
  for (const [i, path] of opened.entries()) {
    const uri = pathToFileURL(path).href;
    await client.open(uri, 'python', readFileSync(path, 'utf8'), 1);
    if (i % 20 === 19) await client.diagnostics(uri, () => true, 60_000);
  }
  await client.diagnostics(pathToFileURL(opened[opened.length - 1]).href, () => true, 60_000);
  const afterOpen = rssMb(client);
  const started = performance.now();
  const result = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number; problems: number };
  const workspaceSeconds = (performance.now() - started) / 1000;
  const afterLint = rssMb(client);
  await client.shutdown();
  client.connection.dispose();
  const cliStarted = performance.now();
  spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), stdlib, '--format', 'json', '--no-cache'], { stdio: 'ignore' });
  const cliSeconds = (performance.now() - cliStarted) / 1000;
  console.log(`\nserver RSS: ${before.toFixed(0)} MB at start, ${afterOpen.toFixed(0)} MB with 200 files open, ${afterLint.toFixed(0)} MB after a workspace lint`);
  console.log(`workspace lint of the stdlib, cold: ${workspaceSeconds.toFixed(1)} s (${result.files} files, ${result.problems} problems); CLI --no-cache on the same folder: ${cliSeconds.toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
