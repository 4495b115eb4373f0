import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CliFinding } from '../../server/src/cli/format';
import { REPO } from './fixtures';

export const CLI = join(REPO, 'bin', 'stacklint.js');

/** Runs the built CLI in `cwd` in its own process, as a user or CI would. */
export function runCli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A finding as `--format json` prints it. */
export type JsonFinding = Omit<CliFinding, 'hiddenFix' | 'sections'>;

/** Runs the built CLI in `cwd` with `--format json` and parses the findings it prints. */
export function lintJson(cwd: string, ...args: string[]): JsonFinding[] {
  return JSON.parse(runCli(cwd, ...args, '--format', 'json').stdout) as JsonFinding[];
}
