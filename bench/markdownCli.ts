// The command-line part of docs/benchmarks.md: fresh processes of stacklint
// (cold, writing the cache, warm, one file changed) against Ruff's wasm
// build run cold, and the issue-12 targets checked against them.
import type { ProcessRun } from './cliRun';
import type { CliScenarios } from './cliScenarios';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ratio = (n: number) => `${n < 0.1 ? n.toFixed(3) : n.toFixed(2)}×`;
const wall = (runs: ProcessRun[]) => median(runs.map((run) => run.wallMs));

/** The figures the summary and the targets use, from one corpus's runs. */
export function cliFigures(cli: CliScenarios) {
  const ruff = wall(cli.ruffCold);
  return { ruff, cold: wall(cli.cold), warm: wall(cli.warm), changed: wall(cli.changed) };
}

/** Issue 12's targets for the command line; `met` per target, with the measured value. */
export function cliTargets(cli: CliScenarios): { text: string; met: boolean }[] {
  const f = cliFigures(cli);
  return [
    { text: `warm re-run ${int(f.warm)} ms ≤ 200 ms`, met: f.warm <= 200 },
    { text: `warm re-run ${ratio(f.warm / f.ruff)} of Ruff-wasm cold ≤ 0.1×`, met: f.warm <= 0.1 * f.ruff },
    { text: `one changed file ${int(f.changed)} ms ≤ 400 ms`, met: f.changed <= 400 },
    { text: `cold ${ratio(f.cold / f.ruff)} of Ruff-wasm cold ≤ 1.5×`, met: f.cold <= 1.5 * f.ruff },
  ];
}

function row(label: string, runs: ProcessRun[], ruffMs: number): string {
  const ms = wall(runs);
  const cells = [label, int(ms), int(Math.min(...runs.map((run) => run.wallMs))), int(median(runs.map((run) => run.cpuMs))), int(Math.max(...runs.map((run) => run.peakRssMb))), ratio(ms / ruffMs)];
  return `| ${cells.join(' | ')} |`;
}

export function renderCli(cli: CliScenarios, ruffVersion: string, files: number): string[] {
  const ruffMs = wall(cli.ruffCold);
  const runs = cli.cold.length;
  const out: string[] = [];
  out.push(`### Command line, each run a fresh process (median of ${runs})`, '');
  out.push('| run | wall ms (median) | min ms | CPU ms (user + sys) | peak RSS MB | vs Ruff-wasm cold |');
  out.push('|---|---:|---:|---:|---:|---:|');
  out.push(row(`Ruff ${ruffVersion} wasm, cold (\`node --liftoff-only\`, one thread)`, cli.ruffCold, ruffMs));
  out.push(row('stacklint cold (`--no-cache`)', cli.cold, ruffMs));
  out.push(row('stacklint, empty cache: lints all and writes it (one run)', [cli.writeCache], ruffMs));
  out.push(row('stacklint warm re-run (nothing changed; see How it is measured)', cli.warm, ruffMs));
  out.push(row(`stacklint re-run, one file changed (\`${cli.changedFile.rel}\`, ${int(cli.changedFile.lines)} lines)`, cli.changed, ruffMs));
  out.push('');
  const all = (label: string, list: ProcessRun[]) => `${label} ${list.map((run) => int(run.wallMs)).join(', ')}`;
  out.push(`All runs (ms, in order; Ruff and stacklint cold alternate): ${[all('Ruff cold', cli.ruffCold), all('stacklint cold', cli.cold), all('warm', cli.warm), all('one changed', cli.changed)].join('; ')}.`);
  const { ruffOutput } = cli;
  out.push(`Ruff checked ${int(ruffOutput.files)} of ${int(files)} files, ${int(ruffOutput.diagnostics)} diagnostics${ruffOutput.failed ? `, ${ruffOutput.failed} panics` : ''}. ` +
    `The warm re-runs printed ${cli.warmIdentical ? 'byte for byte the same JSON as' : '**different output from**'} the run that wrote the cache; ` +
    `the changed-file re-runs found ${int(cli.changed[0].filesWithFindings)} files with findings (warm: ${int(cli.warm[0].filesWithFindings)}).`);
  out.push('', `Issue 12 targets: ${cliTargets(cli).map((t) => `${t.text}: **${t.met ? 'met' : 'not met'}**`).join('; ')}.`, '');
  return out;
}

/** One line per corpus at the top of the document. */
export function renderCliSummary(rows: { name: string; files: number; cli: CliScenarios }[]): string[] {
  const out = ['## Summary: command line, fresh processes (medians, wall ms)', ''];
  out.push('| corpus | files | Ruff-wasm cold | stacklint cold | cold vs Ruff | stacklint warm | warm vs Ruff cold | one file changed |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, files, cli } of rows) {
    const f = cliFigures(cli);
    out.push(`| ${name} | ${int(files)} | ${int(f.ruff)} | ${int(f.cold)} | ${ratio(f.cold / f.ruff)} | ${int(f.warm)} | ${ratio(f.warm / f.ruff)} | ${int(f.changed)} |`);
  }
  out.push('');
  return out;
}
