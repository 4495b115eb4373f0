// A reproducible sample of findings per rule on the real-code corpora, printed
// with their context so that a person can judge each one. Build with
// `npm run build`, then:
//
//   node dist/bench/sample.js [--corpus django,sqlalchemy,...] [--rule ID,...] [--size 25] [--seed 9] [--context 3]
//
// Every file the CLI lints (Python, requirements, pyproject, Dockerfile) is
// linted with the default settings; per rule the findings of all corpora are
// pooled, shuffled with a seeded generator and the first `size` printed (all
// of them when there are fewer), sorted by place.
import { parseArgs } from 'node:util';
import { defaultConfig } from '../server/src/core/config';
import { lintText } from '../server/src/engine/lint';
import { initPythonParser } from '../server/src/python/parse';
import { knownCorpora, loadCorpus } from './corpus';
import { resolve } from 'node:path';

const KINDS = ['python', 'requirements', 'pyproject', 'dockerfile'];

interface Sampled {
  corpus: string;
  rel: string;
  lines: string[];
  line: number;
  column: number;
  message: string;
}

/** mulberry32: a small seeded generator, so a seed always picks the same sample. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(list: T[], size: number, seed: number): T[] {
  const random = generator(seed);
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      rule: { type: 'string' },
      size: { type: 'string', default: '25' },
      seed: { type: 'string', default: '9' },
      context: { type: 'string', default: '3' },
    },
  });
  const known = knownCorpora();
  const names = values.corpus ? values.corpus.split(',').filter(Boolean) : [...known.keys()];
  const rules = values.rule?.split(',').filter(Boolean);
  const context = Number(values.context);
  await initPythonParser();
  const byRule = new Map<string, Sampled[]>();
  const counts = new Map<string, Map<string, number>>();
  for (const name of names) {
    const root = known.get(name) ?? resolve(name);
    process.stderr.write(`sample: ${name}...\n`);
    const config = defaultConfig(root);
    for (const file of loadCorpus(root, KINDS).files) {
      let lines: string[] | undefined;
      for (const finding of lintText(file.path, file.text, config)) {
        if (rules && !rules.includes(finding.rule)) continue;
        lines ??= file.text.split(/\r\n|\r|\n/);
        const list = byRule.get(finding.rule) ?? [];
        byRule.set(finding.rule, list);
        list.push({ corpus: name, rel: file.rel, lines, line: finding.range.start.line, column: finding.range.start.character, message: finding.message });
        const perCorpus = counts.get(finding.rule) ?? new Map<string, number>();
        counts.set(finding.rule, perCorpus);
        perCorpus.set(name, (perCorpus.get(name) ?? 0) + 1);
      }
    }
  }
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`| rule | ${names.join(' | ')} | total |`);
  out(`|---|${names.map(() => '---:').join('|')}|---:|`);
  for (const [rule, perCorpus] of [...counts].sort()) {
    const total = [...perCorpus.values()].reduce((a, b) => a + b, 0);
    out(`| ${rule} | ${names.map((name) => perCorpus.get(name) ?? 0).join(' | ')} | ${total} |`);
  }
  for (const [rule, list] of [...byRule].sort()) {
    const picked = sample(list, Number(values.size), Number(values.seed));
    picked.sort((a, b) => a.corpus.localeCompare(b.corpus) || a.rel.localeCompare(b.rel) || a.line - b.line);
    out();
    out(`## ${rule}: ${picked.length} of ${list.length} (seed ${values.seed})`);
    picked.forEach((f, i) => {
      out();
      out(`### ${rule} #${i + 1} ${f.corpus}:${f.rel}:${f.line + 1}:${f.column + 1}`);
      out(`${f.message}`);
      for (let n = Math.max(0, f.line - context); n <= Math.min(f.lines.length - 1, f.line + context); n++) {
        out(`${n === f.line ? '>' : ' '}${String(n + 1).padStart(5)} ${f.lines[n]}`);
      }
    });
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`sample: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
