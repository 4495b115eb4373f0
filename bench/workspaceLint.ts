// Lint Workspace through the real server over stdio (dist/server.js), beside
// the CLI on the same folder: the server's memory with 200 files open and
// after the workspace lint, and both lints' times, without the result cache
// and then cold and warm with it. The stdlib is copied first, so neither
// writes a cache into the Python installation (ONLY_COLD=1 skips the cache
// runs). SERVER=<path> measures another build's server (e.g. before a
// change); it may know no cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnedAsVsCodeDoes, type TestClient } from '../test/support/lspClient';

const REPO = resolve(__dirname, '../..');
const SERVER = resolve(process.env.SERVER ?? join(REPO, 'dist', 'server.js'));
const CLI = resolve(process.env.CLI ?? join(REPO, 'dist', 'cli.js'));
const SKIPPED = new Set(['site-packages', '__pycache__']);

function stdlibPath(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

/** The first `limit` Python files under root, in a stable order (as bench/editorLatency.ts opens them). */
function pythonFiles(root: string, limit: number): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (found.length >= limit) return;
      if (SKIPPED.has(name) || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.py')) found.push(path);
    }
  };
  walk(root);
  return found;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** CPU seconds (user + system, every thread) a process used so far: less at the mercy of a loaded machine than wall time. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

interface ServerRun {
  open: number;
  lints: { seconds: number; cpu: number; rss: number; files: number; problems: number }[];
}

/** One server: 200 files opened, then `runs` workspace lints in a row. */
async function serverRuns(folder: string, cache: boolean, runs: number): Promise<ServerRun> {
  const client: TestClient = spawnedAsVsCodeDoes(SERVER);
  client.settings = { cache };
  await client.initialize(pathToFileURL(folder).href);
  const opened = pythonFiles(folder, 200);
  for (const [i, path] of opened.entries()) {
    const uri = pathToFileURL(path).href;
    await client.open(uri, 'python', readFileSync(path, 'utf8'), 1);
    if (i % 20 === 19) await client.diagnostics(uri, () => true, 120_000);
  }
  await client.diagnostics(pathToFileURL(opened[opened.length - 1]).href, () => true, 120_000);
  const pid = client.process!.pid!;
  const result: ServerRun = { open: rssMb(pid), lints: [] };
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const cpu = cpuSeconds(pid);
    const answer = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number; problems: number };
    result.lints.push({ seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(pid) - cpu, rss: rssMb(pid), ...answer });
  }
  await client.shutdown();
  client.connection.dispose();
  return result;
}

/** Wall and CPU seconds of one CLI run (GNU time reports the CPU). */
function cli(folder: string, ...args: string[]): { seconds: number; cpu: number } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, CLI, folder, '--format', 'json', ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const [user, system] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpu: user + system };
}

async function main(): Promise<void> {
  const copy = join(mkdtempSync(join(tmpdir(), 'stacklint-wslint-')), basename(stdlibPath()));
  cpSync(stdlibPath(), copy, { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
  try {
    console.log(`server ${SERVER}; load average ${load()}`);
    const cold = await serverRuns(copy, false, 1);
    const cliCold = cli(copy, '--no-cache');
    const [lint] = cold.lints;
    console.log(`no cache: server RSS ${cold.open.toFixed(0)} MB with 200 files open, ${lint.rss.toFixed(0)} MB after a workspace lint; ` +
      `workspace lint ${lint.seconds.toFixed(1)} s, ${lint.cpu.toFixed(1)} s CPU (${lint.files} files, ${lint.problems} problems); ` +
      `CLI --no-cache ${cliCold.seconds.toFixed(1)} s, ${cliCold.cpu.toFixed(1)} s CPU; load ${load()}`);
    if (process.env.ONLY_COLD) return;
    const cached = await serverRuns(copy, true, 2);
    const cacheDir = join(copy, '..', 'cli-cache');
    const cliFirst = cli(copy, '--cache-dir', cacheDir);
    const cliWarm = cli(copy, '--cache-dir', cacheDir);
    const [first, warm] = cached.lints;
    console.log(`cache: workspace lint ${first.seconds.toFixed(1)} s first (${first.rss.toFixed(0)} MB), ${warm.seconds.toFixed(2)} s warm, ${warm.cpu.toFixed(2)} s CPU (${warm.rss.toFixed(0)} MB, ${warm.problems} problems); ` +
      `CLI ${cliFirst.seconds.toFixed(1)} s first, ${cliWarm.seconds.toFixed(2)} s warm, ${cliWarm.cpu.toFixed(2)} s CPU; load ${load()}`);
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
