// In-process split of a one-character-edit lint (what the editor bench times
// through the server): the parse, the file model, the lint plan and each rule,
// on the editor bench's 2,000 and 10,000-line documents, in CPU time. Run it under
// `node --cpu-prof` for a profile of the same work.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../server/src/core/config';
import { lintAsEditor } from '../test/support/editorLint';
import { TreeCache } from '../server/src/lsp/incremental';
import { initPythonParser } from '../server/src/python/parse';
import { PYTHON_RULES } from '../server/src/python/rules/index';
import { benchDocument, pythonFiles, percentile } from './editorDocument';

/** CPU time of this process: steadier than wall time on a shared machine (what other jobs take is not counted). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  await initPythonParser();
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const files = pythonFiles(stdlib);
  const edits = Number(process.env.EDITS ?? 200);
  // What each edit types at a line's end, then removes: EDIT_TEXT='(' leaves the file broken every other edit.
  const typed = process.env.EDIT_TEXT ?? ' ';
  const ruleTimes = new Map<string, number>();
  // Each rule's check is wrapped once to add up its time.
  for (const rule of PYTHON_RULES) {
    const check = rule.check.bind(rule);
    (rule as { check: typeof rule.check }).check = (file, report, context) => {
      const started = cpuMs();
      try {
        return check(file, report, context);
      } finally {
        ruleTimes.set(rule.meta.id, (ruleTimes.get(rule.meta.id) ?? 0) + cpuMs() - started);
      }
    };
  }
  for (const size of (process.env.SIZES ?? '2000,10000').split(',').map(Number)) {
    const text = benchDocument(files, size);
    const path = '/tmp/bench.py';
    const uri = `file://${path}`;
    const config = defaultConfig('/tmp');
    const cache = new TreeCache();
    let document = TextDocument.create(uri, 'python', 1, text);
    const lint = () => lintAsEditor(cache, path, document, config);
    lint();
    ruleTimes.clear();
    const lines = text.split('\n');
    const times: number[] = [];
    let reused = 0;
    let added: { line: number; character: number } | undefined;
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      let change;
      if (added) {
        change = { range: { start: added, end: { line: added.line, character: added.character + typed.length } }, text: '' };
        added = undefined;
      } else {
        const line = (i * 7919) % (lines.length - 1);
        added = { line, character: lines[line].length };
        change = { range: { start: added, end: added }, text: typed };
      }
      const started = cpuMs();
      document = cache.update(document, [change], version);
      if (lint()) reused++;
      times.push(cpuMs() - started);
    }
    cache.drop(uri);
    console.log(`${size} lines: CPU p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ${reused}/${edits} incremental`);
    const total = times.reduce((a, b) => a + b, 0);
    const rows = [...ruleTimes].sort((a, b) => b[1] - a[1]);
    for (const [id, ms] of rows) console.log(`  ${id.padEnd(28)} ${(ms / edits).toFixed(2)} ms/edit (${((100 * ms) / total).toFixed(0)}%)`);
  }
  console.log(`load average: ${loadavg().map((load) => load.toFixed(2)).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
