import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigCache, ConfigError } from '../config/load';
import { onFileNotice } from '../core/files';
import { isExcluded } from '../engine/lint';
import { SEVERITIES, type Severity } from '../core/types';
import { initPythonParser } from '../python/parse';
import { type CliFinding, type Format, render } from './format';
import { type FileResult, lintFile, type RuleFailure } from './lintFile';
import { lintInWorkers, workerCount } from './pool';
import { type WalkedFile, walkFiles } from '../engine/walk';
import { conflict, ROLLOUT_OPTIONS, ROLLOUT_USAGE, rolloutOptions, type RolloutOptions } from './args';
import { BaselineError, planBaseline, runBaseline } from './baseline';
import { explainRule, listRules, unknownRuleMessage } from './info';
import { renderStatistics } from './statistics';
import { lintStdin } from './stdin';
import { suppressFile } from './suppressionWriter';
import { mkdirSync, writeFileSync } from 'node:fs';

const USAGE = `Usage: stacklint [PATH ...] [--format text|json|sarif|github] [--config FILE]
                 [--fix] [--fail-on error|warning|information] [--quiet]
${ROLLOUT_USAGE}`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: Format;
  config?: string;
  fix: boolean;
  failOn: Severity;
  quiet: boolean;
  rollout: RolloutOptions;
}

function parseOptions(argv: string[]): Options | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        fix: { type: 'boolean', default: false },
        'fail-on': { type: 'string', default: 'warning' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        ...ROLLOUT_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const format = values.format as Format;
  if (!['text', 'json', 'sarif', 'github'].includes(format)) throw new UsageError(`unknown --format '${format}'`);
  const failOn = values['fail-on'] as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`unknown --fail-on '${failOn}'`);
  const rollout = rolloutOptions(values);
  const clash = conflict(rollout, values.fix);
  if (clash) throw new UsageError(clash);
  if (rollout.stdinFilename !== undefined && values.fix) throw new UsageError('--fix does not apply to --stdin-filename; lint the saved file instead');
  if (rollout.stdinFilename !== undefined && positionals.length) throw new UsageError('--stdin-filename takes no PATH');
  return { paths: positionals.length ? positionals : ['.'], format, config: values.config, fix: values.fix, failOn, quiet: values.quiet, rollout };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${require('../../../package.json').version}\n`);
    return 0;
  }
  const { rollout } = options;
  if (rollout.listRules) return emit(rollout, listRules(options.format === 'json'));
  if (rollout.explain !== undefined) {
    const page = explainRule(rollout.explain);
    if (page === undefined) throw new UsageError(unknownRuleMessage(rollout.explain));
    return emit(rollout, page);
  }
  const started = process.hrtime.bigint();
  onFileNotice((message) => process.stderr.write(`stacklint: ${message}\n`));
  await initPythonParser();
  const cwd = process.cwd();
  const explicit = options.config ? resolve(options.config) : undefined;
  new ConfigCache(cwd, explicit).check();
  const baselinePlan = planBaseline(rollout, cwd);

  const linted: FileResult[] = [];
  // Shown path to absolute path of every file linted, and the roots walked: what a baseline may judge.
  const paths = new Map<string, string>();
  const roots: string[] = [];
  const tally = { added: 0, files: 0 };
  let stdinText: { path: string; text: string } | undefined;
  if (rollout.stdinFilename !== undefined) {
    const stdin = lintStdin(rollout.stdinFilename, explicit, cwd);
    linted.push({ findings: stdin.findings, failures: [] });
    paths.set(rollout.stdinFilename, stdin.path);
    stdinText = stdin;
  }
  for (const given of rollout.stdinFilename !== undefined ? [] : options.paths) {
    const root = resolve(given);
    let files: WalkedFile[];
    let configs: ConfigCache;
    let fallbackRoot: string;
    try {
      // Without a pyproject.toml above, globs are relative to the cwd, or to the
      // PATH itself when it lies outside the cwd (a path of `../..` matches no glob).
      const folder = statSync(root).isDirectory() ? root : dirname(root);
      fallbackRoot = relative(cwd, folder).startsWith('..') ? folder : cwd;
      configs = new ConfigCache(fallbackRoot, explicit);
      files = walkFiles(root, (path) => isExcluded(path, configs.forFile(path).config));
    } catch (error) {
      throw new UsageError(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const tasks = files.map(({ path, raw }) => ({ path, raw, shown: root === path ? given : displayPath(given, root, path) }));
    roots.push(root);
    for (const task of tasks) paths.set(task.shown, task.path);
    const progress = process.stderr.isTTY && !options.quiet && files.length > 200;
    const report = (done: number) => {
      if (progress) process.stderr.write(`\rstacklint: ${done}/${files.length} files`);
    };
    // The suppression writer rewrites files one at a time, in this thread.
    const workers = rollout.addSuppressions ? 0 : workerCount(tasks.length);
    if (workers > 1) {
      linted.push(...(await lintInWorkers(tasks, { fallbackRoot, explicit, fix: options.fix }, workers, report)));
    } else {
      for (const [index, task] of tasks.entries()) {
        if (index % 50 === 0) report(index);
        linted.push(rollout.addSuppressions ? { findings: suppressFile(task, configs, tally), failures: [] } : await lintFile(task, configs, options.fix));
      }
    }
    if (progress) process.stderr.write(`\rstacklint: ${files.length}/${files.length} files\n`);
  }
  const results: CliFinding[] = linted.flatMap((file) => file.findings);
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  let reported = results;
  if (rollout.addSuppressions) process.stderr.write(`stacklint: added ${tally.added} suppression${tally.added === 1 ? '' : 's'} in ${tally.files} file${tally.files === 1 ? '' : 's'}\n`);
  if (baselinePlan) {
    const outcome = runBaseline(
      baselinePlan, results, (shown) => paths.get(shown) ?? resolve(shown), { files: new Set(paths.values()), roots },
      `stacklint ${require('../../../package.json').version}`, (path) => (path === stdinText?.path ? stdinText.text : undefined),
    );
    reported = outcome.findings;
    if (!options.quiet || baselinePlan.mode !== 'apply') outcome.notes.forEach((note) => process.stderr.write(`${note}\n`));
  }
  const shown = options.quiet ? reported.filter((f) => atLeast(f.severity as Severity, options.failOn)) : reported;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const color = options.format === 'text' && rollout.outputFile === undefined && process.stdout.isTTY === true;
  const output = rollout.statistics ? renderStatistics(shown, options.format === 'json') : render(options.format, shown, color, { files: paths.size, seconds });
  emit(rollout, output);
  const failures = linted.flatMap((file) => file.failures);
  if (failures.length > 0) {
    reportRuleFailures(failures);
    return EXIT_RULE_FAILED;
  }
  return reported.some((f) => atLeast(f.severity as Severity, options.failOn)) ? 1 : 0;
}

/** Writes the report to `--output-file` or standard output; returns exit code 0 for the informational verbs. */
function emit(rollout: RolloutOptions, output: string): number {
  if (rollout.outputFile === undefined) {
    process.stdout.write(output);
    return 0;
  }
  try {
    // As Ruff does, the file's folder is created when missing.
    mkdirSync(dirname(resolve(rollout.outputFile)), { recursive: true });
    writeFileSync(rollout.outputFile, output);
  } catch (error) {
    throw new UsageError(`cannot write ${rollout.outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return 0;
}

/**
 * A rule threw on some file: the other findings are printed as usual, but
 * the result is incomplete, which must not pass CI as clean or as an
 * ordinary failure.
 */
const EXIT_RULE_FAILED = 3;

/** One line per rule and file, sorted, after the report. */
function reportRuleFailures(failures: RuleFailure[]): void {
  const lines = [...new Set(failures.map((f) => `stacklint: rule ${f.rule} failed on file ${f.file}: ${f.error}\n`))].sort();
  const files = new Set(failures.map((f) => f.file)).size;
  process.stderr.write(`${lines.join('')}stacklint: ${failures.length} rule failure${failures.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; findings of those rules there are missing (exit code ${EXIT_RULE_FAILED})\n`);
}

/** The path as reached from the PATH the user gave, so output is stable across machines. */
function displayPath(given: string, root: string, path: string): string {
  const rest = path.slice(root.length).replace(/^[\\/]+/, '');
  if (given === '.' || given === './') return rest;
  return `${trimTrailingSeparators(given)}/${rest}`;
}

/** The path without trailing slashes, in one pass (a `[\\/]+$` pattern is quadratic). */
function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === '/' || path[end - 1] === '\\')) end--;
  return path.slice(0, end);
}

function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError) {
      process.stderr.write(`stacklint: ${error.message}\n${error instanceof UsageError ? USAGE + '\n' : ''}`);
    } else {
      process.stderr.write(`stacklint: internal error: ${(error as Error).stack ?? error}\n`);
    }
    process.exitCode = 2;
  },
);
