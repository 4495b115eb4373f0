import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';

export interface CliRun {
  wallMs: number;
  peakRssMb: number;
  exitCode: number | null;
  /** Findings per rule in the CLI's JSON output. */
  byRule: Record<string, number>;
  filesWithFindings: number;
  /** Lines the CLI wrote to stderr (skipped files, rule failures). */
  stderrLines: number;
}

/**
 * Runs `node bin/stacklint.js <root> --format json` end to end in a child
 * process: wall time measured here, peak RSS from GNU time when installed,
 * else from a preloaded probe that reports the child's own getrusage.
 */
export function runCli(repo: string, root: string): CliRun {
  const probeOut = join(tmpdir(), `stacklint-bench-${process.pid}.rss`);
  const cli = [join(repo, 'bin/stacklint.js'), root, '--format', 'json'];
  const useTime = existsSync(TIME);
  const [command, args] = useTime
    ? [TIME, ['-v', process.execPath, ...cli]]
    : [process.execPath, ['--require', join(repo, 'bench/rss-probe.js'), ...cli]];
  const start = performance.now();
  const child = spawnSync(command, args, {
    cwd: repo,
    env: { ...process.env, STACKLINT_BENCH_RSS: probeOut },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (child.error) throw child.error;
  const stderr = child.stderr;
  let peakKb: number;
  if (useTime) {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    peakKb = match ? Number(match[1]) : NaN;
  } else {
    peakKb = Number(readFileSync(probeOut, 'utf8'));
    rmSync(probeOut, { force: true });
  }
  const findings = JSON.parse(child.stdout) as { file: string; rule: string }[];
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  const ownStderr = stderr.split('\n').filter((line) => line.startsWith('stacklint:'));
  return {
    wallMs,
    peakRssMb: peakKb / 1024,
    exitCode: useTime ? exitStatusFromTime(stderr, child.status) : child.status,
    byRule,
    filesWithFindings: new Set(findings.map((f) => f.file)).size,
    stderrLines: ownStderr.length,
  };
}

/** GNU time exits with the child's status; it also prints it. */
function exitStatusFromTime(stderr: string, status: number | null): number | null {
  const match = /Exit status: (\d+)/.exec(stderr);
  return match ? Number(match[1]) : status;
}
