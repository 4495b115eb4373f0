import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// js-yaml comes with the dev tools (vsce); it has no types of its own here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

export interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function readAction(dir: string): Action {
  return yaml.load(readFileSync(join(dir, 'action.yml'), 'utf8')) as Action;
}

/**
 * Runs a composite action's shell steps the way the runner does: `${{ }}`
 * expressions for inputs, github.action_path and step outputs substituted,
 * `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT collected per step.
 * `uses:` steps are returned for the caller to check, not run.
 */
export class CompositeRunner {
  readonly outputs: Record<string, Record<string, string>> = {};

  constructor(
    readonly action: Action,
    readonly actionPath: string,
    readonly workspace: string,
    readonly inputs: Record<string, string>,
  ) {}

  expand(text: string): string {
    return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return this.inputs[input[1]] ?? this.action.inputs[input[1]]?.default ?? '';
      if (expression === 'github.action_path') return this.actionPath;
      if (expression === 'github.workspace') return this.workspace;
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return this.outputs[output[1]]?.[output[2]] ?? '';
      throw new Error(`unsupported expression ${expression}`);
    });
  }

  run(step: ActionStep, outputFile: string): { status: number | null; stdout: string; stderr: string } {
    if (!step.run) throw new Error(`step ${step.name} has no run`);
    if (step.shell !== 'bash') throw new Error(`step ${step.name} must say shell: bash in a composite action`);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_OUTPUT: outputFile, GITHUB_ACTION_PATH: this.actionPath, GITHUB_WORKSPACE: this.workspace };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = this.expand(String(value));
    const cwd = step['working-directory'] ? this.expand(step['working-directory']) : this.workspace;
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', this.expand(step.run)], { cwd, env, encoding: 'utf8', timeout: 600_000 });
    if (step.id) {
      const lines = readFileSync(outputFile, 'utf8').split('\n').filter((line) => line.includes('='));
      this.outputs[step.id] = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
}
