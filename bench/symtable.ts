// stacklint's scope model against CPython's symtable on every file of a tree
// (default: python3's standard library, without site-packages):
//
//   npm run build && node dist/bench/symtable.js [ROOT] [--examples 3] [--dump FILE.json]
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { initPythonParser } from '../server/src/python/parse';
import { compareWithSymtable, type Disagreement } from '../test/support/symtable';

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'site-packages' && entry.name !== '__pycache__') pythonFiles(path, out);
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { examples: { type: 'string', default: '3' }, dump: { type: 'string' } },
  });
  const root = positionals[0] ?? execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  await initPythonParser();
  const paths = pythonFiles(root).sort();
  const started = Date.now();
  const result = compareWithSymtable(paths, (path) => relative(root, path));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const share = result.names === 0 ? 1 : result.agreeing / result.names;
  out(`# Scope model vs CPython symtable: ${root}`);
  out();
  out(`${result.files} files compared, ${result.skipped.length} left out (python3 cannot compile them), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`(function scope, name) pairs: ${result.names}; agreeing: ${result.agreeing}; agreement: ${(share * 100).toFixed(4)}%`);
  const unmatchedNames = result.unmatched.reduce((sum, u) => sum + u.names, 0);
  out(`scopes only one side has: ${result.unmatched.length} (ours ${result.unmatched.filter((u) => u.side === 'ours').length}, python ${result.unmatched.filter((u) => u.side === 'python').length}), holding ${unmatchedNames} names counted as disagreeing`);
  out(`files tree-sitter parses with error recovery: ${result.parserErrors.length} ${result.parserErrors.join(', ')}`);
  out();
  const classes = new Map<string, Disagreement[]>();
  for (const d of result.disagreements) {
    const key = `ours ${d.ours}, python ${d.python}`;
    classes.set(key, [...(classes.get(key) ?? []), d]);
  }
  out('| class of disagreement | count |');
  out('|---|---:|');
  for (const [key, list] of [...classes].sort((a, b) => b[1].length - a[1].length)) out(`| ${key} | ${list.length} |`);
  out();
  const examples = Number(values.examples);
  for (const [key, list] of classes) {
    out(`- ${key}:`);
    for (const d of list.slice(0, examples)) out(`  - ${d.file} ${d.scope}: \`${d.name}\``);
  }
  const unmatchedFiles = new Map<string, number>();
  for (const u of result.unmatched) unmatchedFiles.set(u.file, (unmatchedFiles.get(u.file) ?? 0) + 1);
  for (const [file, count] of unmatchedFiles) out(`- scopes only one side has: ${file}: ${count}`);
  if (values.dump) writeFileSync(values.dump, `${JSON.stringify(result, null, 1)}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`symtable: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
