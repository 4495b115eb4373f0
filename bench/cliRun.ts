import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';
/** GNU time's format: CPU seconds and peak resident set, on the last stderr line. */
const TIME_FORMAT = 'bench-time %U %S %M %x';

/** One fresh process, measured from outside. */
export interface ProcessRun {
  wallMs: number;
  /** User + system CPU of the process and all its threads (NaN without GNU time). */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number | null;
  stdout: string;
  /** Lines the process wrote to stderr, without GNU time's. */
  stderr: string[];
}

export interface CliRun extends ProcessRun {
  /** Findings per rule in the CLI's JSON output. */
  byRule: Record<string, number>;
  filesWithFindings: number;
  /** Lines the CLI wrote to stderr (skipped files, rule failures). */
  stderrLines: number;
}

/**
 * Runs `node [nodeFlags] script args` as a fresh child process: wall time
 * measured here, CPU time and peak RSS from GNU time when installed, else
 * the peak RSS from a preloaded probe that reports the child's getrusage.
 */
export function runProcess(repo: string, nodeFlags: string[], script: string, args: string[]): ProcessRun {
  const probeOut = join(tmpdir(), `stacklint-bench-${process.pid}.rss`);
  const useTime = existsSync(TIME);
  const node = [process.execPath, ...nodeFlags];
  const [command, commandArgs] = useTime
    ? [TIME, ['-f', TIME_FORMAT, ...node, script, ...args]]
    : [node[0], [...node.slice(1), '--require', join(repo, 'bench/rss-probe.js'), script, ...args]];
  // Standard output goes to a file, as in CI: through a pipe, the child waits on this process reading 64 KB at a time (+40 ms on 400 KB).
  const stdoutFile = join(tmpdir(), `stacklint-bench-${process.pid}.out`);
  const stdoutFd = openSync(stdoutFile, 'w');
  const start = performance.now();
  let child;
  try {
    child = spawnSync(command, commandArgs, {
      cwd: repo,
      env: { ...process.env, STACKLINT_BENCH_RSS: probeOut },
      stdio: ['ignore', stdoutFd, 'pipe'],
      maxBuffer: 1024 * 1024 * 1024,
      encoding: 'utf8',
    });
  } finally {
    closeSync(stdoutFd);
  }
  const wallMs = performance.now() - start;
  const stdout = readFileSync(stdoutFile, 'utf8');
  rmSync(stdoutFile, { force: true });
  if (child.error) throw child.error;
  const stderr = child.stderr.split('\n').filter((line) => line !== '');
  if (!useTime) {
    const peakKb = Number(readFileSync(probeOut, 'utf8'));
    rmSync(probeOut, { force: true });
    return { wallMs, cpuMs: NaN, peakRssMb: peakKb / 1024, exitCode: child.status, stdout, stderr };
  }
  const timeLine = [...stderr].reverse().find((line) => line.startsWith('bench-time '));
  const [user, system, peakKb, exit] = (timeLine ?? '').split(' ').slice(1).map(Number);
  return {
    wallMs,
    cpuMs: (user + system) * 1000,
    peakRssMb: peakKb / 1024,
    exitCode: timeLine ? exit : child.status,
    stdout,
    stderr: stderr.filter((line) => line !== timeLine && !line.startsWith('Command exited with non-zero status')),
  };
}

/** `node bin/stacklint.js <root> --format json [extra]` end to end, with its findings counted. */
export function runCli(repo: string, root: string, extra: string[]): CliRun {
  const run = runProcess(repo, [], join(repo, 'bin/stacklint.js'), [root, '--format', 'json', ...extra]);
  let findings: { file: string; rule: string }[];
  try {
    findings = JSON.parse(run.stdout) as { file: string; rule: string }[];
  } catch {
    throw new Error(`stacklint CLI printed no JSON (exit ${run.exitCode}): ${run.stderr.slice(-3).join(' / ')}`);
  }
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  return {
    ...run,
    byRule,
    filesWithFindings: new Set(findings.map((f) => f.file)).size,
    stderrLines: run.stderr.filter((line) => line.startsWith('stacklint:')).length,
  };
}
