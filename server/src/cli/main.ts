import { statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { buildStamp } from '../core/buildStamp';
import { parseArgs } from 'node:util';
import { ConfigCache, ConfigError } from '../config/load';
import { onFileNotice, readWorkspaceFile } from '../core/files';
import { isExcluded } from '../engine/lint';
import { SEVERITIES, type Severity } from '../core/types';
import { initPythonParser, preferQuickParserStart } from '../python/parse';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { type CliFinding, ColumnMapper, type Format, hiddenFixes, render, toCliFinding } from './format';
import { type FileResult, type FileTask, lintFile, type RuleFailure } from './lintFile';
import { runInWorkers, TaskQueue, workerCount, workerScript } from '../engine/pool';
import type { WorkerSetup } from './worker';
import { fileNotice } from '../core/files';
import { type WalkedFile, walkFiles } from '../engine/walk';
import { conflict, ROLLOUT_OPTIONS, ROLLOUT_USAGE, rolloutOptions, type RolloutOptions } from './args';
import { BaselineError, planBaseline, runBaseline } from './baseline';
import { explainRule, listRules, unknownRuleMessage } from './info';
import { renderStatistics } from './statistics';
import { lintStdin } from './stdin';
import { suppressFile } from './suppressionWriter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { CACHE_DIR, refusedFolder } from '../engine/cache';
import { openCliCache } from './resultCache';
import { displayPath } from './shownPath';
import { memoFolder } from './runMemo';
import { RunRecorder, timeIn } from './runRecorder';

const USAGE = `Usage: stacklint [PATH ...] [--format text|json|sarif|github] [--config FILE]
                 [--fix] [--unsafe-fixes | --no-unsafe-fixes]
                 [--fail-on error|warning|information] [--quiet]
                 [--no-cache] [--cache-dir DIR]
${ROLLOUT_USAGE}`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: Format;
  config?: string;
  fix: boolean;
  /** `--unsafe-fixes` / `--no-unsafe-fixes`; undefined: `unsafe-fixes` in [tool.stacklint] decides. */
  unsafeFixes?: boolean;
  failOn: Severity;
  quiet: boolean;
  /** Where the result cache lives; undefined with --no-cache. */
  cacheDir?: string;
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
        'unsafe-fixes': { type: 'boolean' },
        'no-unsafe-fixes': { type: 'boolean' },
        'fail-on': { type: 'string', default: 'warning' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
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
  if (values['unsafe-fixes'] && values['no-unsafe-fixes']) throw new UsageError('--unsafe-fixes and --no-unsafe-fixes exclude each other');
  const unsafeFixes = values['unsafe-fixes'] ? true : values['no-unsafe-fixes'] ? false : undefined;
  if (values['cache-dir'] === '') throw new UsageError('--cache-dir needs a folder');
  // An empty STACKLINT_CACHE_DIR is unset, as a shell's `VAR=` means; it would otherwise name the current folder.
  const cacheDir = values['no-cache'] ? undefined : (values['cache-dir'] ?? (process.env.STACKLINT_CACHE_DIR || undefined) ?? CACHE_DIR);
  return { paths: positionals.length ? positionals : ['.'], format, config: values.config, fix: values.fix, unsafeFixes, failOn, quiet: values.quiet, cacheDir, rollout };
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
  const recorder = memoizable(argv, options) ? new RunRecorder(argv, resolve(options.cacheDir!), __dirname) : undefined;
  try {
    return await lintPaths(options, started, recorder);
  } finally {
    recorder?.stop();
  }
}

/**
 * Whether a run can be replayed from a memo: a plain lint with the result
 * cache, printing to stdout, changing no file (not --fix, suppressions or
 * baseline writes), reading no standard input, and keeping its cache where
 * the replay looks for it.
 */
function memoizable(argv: string[], options: Options): boolean {
  const { rollout } = options;
  if (process.env.STACKLINT_REPLAY === '0') return false;
  if (!usesCache(options) || rollout.writeBaseline || rollout.pruneBaseline) return false;
  if (rollout.stdinFilename !== undefined || rollout.outputFile !== undefined) return false;
  return memoFolder(argv, CACHE_DIR) === resolve(options.cacheDir!);
}

/** Fixing and writing suppressions change files, so only a plain lint is answered from the cache. */
function usesCache(options: Options): boolean {
  return options.cacheDir !== undefined && !options.fix && !options.rollout.addSuppressions;
}

async function lintPaths(options: Options, started: bigint, recorder: RunRecorder | undefined): Promise<number> {
  const { rollout } = options;
  onFileNotice((message) => process.stderr.write(`stacklint: ${message}\n`));
  const cwd = process.cwd();
  const explicit = options.config ? resolve(options.config) : undefined;
  new ConfigCache(cwd, explicit).check();
  const baselinePlan = planBaseline(rollout, cwd);

  const linted: FileResult[] = [];
  // Policy files are no lint targets: their problems are added once each.
  const policyResults: CliFinding[] = [];
  const policyFiles = new Set<string>();
  // Shown path to absolute path of every file linted, and the roots walked: what a baseline may judge.
  const paths = new Map<string, string>();
  const roots: string[] = [];
  const tally = { added: 0, files: 0 };
  // Files linted in worker threads, whose reads the memo cannot see: only a run without any may be replayed.
  let offThread = 0;
  // A notice about the cache folder (an unreadable index) depends on what the memo does not record.
  let cacheTrouble = false;
  // Only SARIF prints the standard's headings a message cites; other formats never read the standard.
  const withSections = options.format === 'sarif';
  let stdinText: { path: string; text: string } | undefined;
  if (rollout.stdinFilename !== undefined) {
    // One document, typically an editor buffer or a pre-commit hunk.
    preferQuickParserStart();
    await initPythonParser();
    const stdin = lintStdin(rollout.stdinFilename, explicit, cwd, { unsafeFixes: options.unsafeFixes, sections: withSections });
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
    const all = files.map(({ path, raw }) => ({ path, raw, shown: root === path ? given : displayPath(given, root, path) }));
    roots.push(root);
    for (const task of all) paths.set(task.shown, task.path);
    const cache = usesCache(options) ? openCliCache(options.cacheDir!, cacheVersion(), () => configs, `unsafe=${options.unsafeFixes}`, withSections) : undefined;
    // This path's results start here: earlier paths' were linted (and keyed) with their own configuration.
    const ownResults = linted.length;
    const tasks = cache ? all.filter((task) => !pushCached(cache.lookup(task), linted)) : all;
    if (cache?.trouble) cacheTrouble = true;
    const progress = process.stderr.isTTY && !options.quiet && files.length > 200;
    const report = (done: number) => {
      if (progress) process.stderr.write(`\rstacklint: ${done}/${files.length} files`);
    };
    // The suppression writer rewrites files one at a time, in this thread.
    const workers = rollout.addSuppressions ? 0 : workerCount(tasks.length);
    const fix = { fix: options.fix, unsafeFixes: options.unsafeFixes, cached: cache !== undefined, sections: withSections };
    if (workers > 1) {
      offThread += tasks.length;
      await runInWorkers<FileTask, FileResult, WorkerSetup>(new TaskQueue(tasks), {
        script: workerScript('cli-worker.js'),
        setup: { fallbackRoot, explicit, fix },
        workers,
        onResults: (results, done) => {
          linted.push(...results);
          report(done);
        },
        onNotice: (path, message) => fileNotice(path, message),
      });
    } else {
      if (isShortRun(tasks)) preferQuickParserStart();
      // lintFile loads the parser on demand; the suppression writer parses directly.
      if (rollout.addSuppressions) await initPythonParser();
      for (const [index, task] of tasks.entries()) {
        if (index % 50 === 0) report(index);
        linted.push(rollout.addSuppressions ? { findings: suppressFile(task, configs, tally), failures: [] } : await lintFile(task, configs, fix));
      }
    }
    if (progress) process.stderr.write(`\rstacklint: ${files.length}/${files.length} files\n`);
    if (cache) {
      linted.slice(ownResults).forEach((result) => cache.remember(result));
      cache.save(root);
    }
    // A broken policy file is reported on itself; it is no lint target, so nothing else reports it.
    for (const [file, problems] of configs.policyProblems()) {
      if (policyFiles.has(file)) continue;
      policyFiles.add(file);
      policyResults.push(...policyFindings(file, problems, cwd));
    }
  }
  const results: CliFinding[] = [...linted.flatMap((file) => file.findings), ...policyResults];
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
  const renderWith = (seconds: number) => (rollout.statistics ? renderStatistics(shown, options.format === 'json') : render(options.format, shown, color, { files: paths.size, seconds }));
  const output = renderWith(seconds);
  emit(rollout, output);
  // The text summary says it on stdout; with --fix, other formats say it on stderr and keep stdout machine-readable.
  const hidden = hiddenFixes(shown);
  if (hidden > 0 && options.fix && options.format !== 'text' && !options.quiet) {
    process.stderr.write(`stacklint: ${hidden} hidden fix${hidden === 1 ? '' : 'es'} can be enabled with --unsafe-fixes\n`);
  }
  const failures = linted.flatMap((file) => file.failures);
  if (failures.length > 0) {
    reportRuleFailures(failures);
    return EXIT_RULE_FAILED;
  }
  const exitCode = reported.some((f) => atLeast(f.severity as Severity, options.failOn)) ? 1 : 0;
  // Into the result cache's own folder only, and never through a link a repository planted on the way.
  if (recorder && refusedFolder(resolve(options.cacheDir!), process.cwd()) === undefined) {
    const why = offThread > 0 ? `${offThread} files linted in worker threads` : linted.some((file) => file.gaveUp) ? 'the parser gave up on a file' : cacheTrouble ? 'the result cache could not be used' : undefined;
    const secondsAt = why === undefined ? timeIn(output, renderWith, seconds) : null;
    recorder.finish(secondsAt === null ? undefined : { stdout: output, seconds: secondsAt, exitCode }, why ?? 'the run time is not the only thing that varies');
  }
  return exitCode;
}

/** Adds a cached result to the list; false when there was none. */
function pushCached(result: FileResult | undefined, list: FileResult[]): boolean {
  if (result) list.push(result);
  return result !== undefined;
}

/** Results of another stacklint build are never reused: its rules (or its policy data) may differ, even under the same version number. */
function cacheVersion(): string {
  return `${require('../../../package.json').version}+${buildStamp(dirname(__dirname), [`dist/${basename(__filename)}`])}`;
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

function policyFindings(file: string, problems: readonly Finding[], cwd: string): CliFinding[] {
  if (problems.length === 0) return [];
  // Read as the policy was (guarded); unreadable, columns count as given and the problem still says what is wrong.
  const read = readWorkspaceFile(file, { root: dirname(file) });
  const text = read.ok ? read.text : '';
  const columns = new ColumnMapper(new LineIndex(text));
  const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
  return problems.map((problem) => toCliFinding(shown, columns, problem));
}

/** Below this much source, linting in one thread is over before optimized wasm would pay for its compiling. */
const SHORT_RUN_BYTES = 1024 * 1024;

function isShortRun(tasks: FileTask[]): boolean {
  let bytes = 0;
  for (const task of tasks) {
    try {
      bytes += statSync(task.raw ? Buffer.from(task.raw) : task.path).size;
    } catch {
      // Unreadable: lintFile reports it; it costs the parser nothing.
    }
    if (bytes > SHORT_RUN_BYTES) return false;
  }
  return true;
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
