import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigCache } from '../../server/src/config/load';
import { FILE_NOT_LINTED, fileKind, lintText } from '../../server/src/engine/lint';
import type { Fix } from '../../server/src/core/types';
import type { Rule } from '../../server/src/core/rule';
import { standardHeadings } from '../../server/src/policy/standard';
import { FIXTURES, REPO } from './fixtures';

// Rule documentation is generated from each rule's own file (its doc comment
// and meta) and from what its fixtures show about its fixes, so the pages
// cannot drift from the code.

/** Where each language module keeps its rules; unused-suppression is the engine's own pass. */
const RULE_DIRS = ['python/rules', 'dependencies/rules', 'dockerfile/rules', 'engine'];
const FIXTURE_DIR: Record<string, string> = { python: 'python', dependencies: 'deps', dockerfile: 'dockerfile' };
const FILES: Record<string, string> = { python: 'Python', dependencies: 'requirements files and pyproject.toml', dockerfile: 'Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`)' };
export const RULE_SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead'];

export function ruleSourcePath(rule: Rule): string {
  return join(REPO, relativeRuleSource(rule));
}

function relativeRuleSource(rule: Rule): string {
  const dir = RULE_DIRS.find((d) => existsSync(join(REPO, 'server', 'src', d, `${rule.meta.id}.ts`)));
  if (!dir) throw new Error(`no source file for rule ${rule.meta.id} in ${RULE_DIRS.join(', ')}`);
  return `server/src/${dir}/${rule.meta.id}.ts`;
}

export function ruleFixtureDir(rule: Rule): string {
  return join(FIXTURES, FIXTURE_DIR[rule.meta.kind], rule.meta.id);
}

/** The text of the file's leading `/** ... *\/` comment, without the comment syntax. */
export function docComment(source: string): string | undefined {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match) return undefined;
  return match[1]
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The fixes the rule offers on its own fixtures, each fixture linted with its folder's configuration. */
export function fixturesFixes(rule: Rule): Fix[] {
  const dir = ruleFixtureDir(rule);
  const configs = new ConfigCache(dir, undefined, { stopAt: dir });
  const fixes: Fix[] = [];
  for (const path of filesUnder(dir)) {
    if (!fileKind(path)) continue;
    // The Python fixture runner roots every file at the rule's folder.
    const config = rule.meta.kind === 'python' ? { ...configs.forFile(path).config, root: dir } : configs.forFile(path).config;
    for (const finding of lintText(path, readFileSync(path, 'utf8'), config)) {
      if (finding.rule === rule.meta.id && finding.fix) fixes.push(finding.fix);
    }
  }
  return fixes;
}

/** How safe the rule's fixes are, as its fixtures show. */
export function fixSafety(rule: Rule): 'safe' | 'unsafe' | 'sometimes safe' | 'none' {
  const safety = new Set(fixturesFixes(rule).map((fix) => fix.safe));
  if (safety.size === 0) return 'none';
  if (safety.size === 2) return 'sometimes safe';
  return safety.has(true) ? 'safe' : 'unsafe';
}

function code(items: readonly string[]): string {
  return items.length ? items.map((item) => `\`${item}\``).join(', ') : 'none';
}

function fixCell(rule: Rule, safety: ReturnType<typeof fixSafety>): string {
  if (!rule.meta.fixable) return 'no';
  return safety === 'none' ? 'yes' : `yes (${safety})`;
}

/** The Markdown page for one rule. */
export function rulePage(rule: Rule, safety: ReturnType<typeof fixSafety>): string {
  const { meta } = rule;
  const source = readFileSync(ruleSourcePath(rule), 'utf8');
  const body = docComment(source) ?? '';
  const relativeSource = relativeRuleSource(rule);
  const noqa = meta.ruff.length ? ` or \`# noqa: ${meta.ruff[0]}\`` : '';
  const comment = meta.kind === 'python' ? `\`# stacklint: disable=${meta.id}\`${noqa}` : `\`# stacklint: disable=${meta.id}\``;
  return linkSections([
    `<!-- Generated from ${relativeSource} by test/unit/docs.test.ts (UPDATE_DOCS=1); edit the rule's doc comment instead. -->`,
    `# ${meta.id}`,
    '',
    `Flags ${meta.summary}.`,
    '',
    '| | |',
    '|---|---|',
    `| Default severity | ${meta.defaultSeverity} |`,
    `| Files | ${FILES[meta.kind]} |`,
    `| Ruff equivalent | ${code(meta.ruff)} |`,
    `| Fixable | ${fixCell(rule, safety)} |`,
    `| Standard | ${meta.sections.join(', ')} of TECH_STACK.md |`,
    '',
    body,
    '',
    '## Configuration',
    '',
    'Change the severity or turn the rule off for a project in `pyproject.toml`:',
    '',
    '```toml',
    '[tool.stacklint.severity]',
    `${meta.id} = "error"  # error | warning | information | hint | off`,
    '```',
    '',
    ...silencing(meta.id, meta.kind, comment),
    '',
  ].join('\n'));
}

/** How to silence the rule: with a comment, except for a file that was never parsed, whose comments nobody read. */
function silencing(id: string, kind: string, comment: string): string[] {
  if (id === FILE_NOT_LINTED) {
    return ['No comment silences it: the file was not parsed, so its comments were not read. Leave a generated file out with', `\`exclude\` or \`per-file-ignores = { "path/to/file.py" = ["${id}"] }\` under \`[tool.stacklint]\`.`];
  }
  return [
    kind === 'dockerfile' ? `Silence one instruction with a ${comment} line right above it, or a whole file with` : `Silence one line with ${comment} at its end, or a whole file with`,
    `\`# stacklint: disable-file=${id}\` in its leading comments.`,
  ];
}

const STANDARD = standardHeadings(readFileSync(join(REPO, 'docs', 'TECH_STACK.md'), 'utf8'));

/** Every § outside code links to its heading in the shipped standard (docs/TECH_STACK.md, beside docs/rules/). */
export function linkSections(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || line.startsWith('<!--')) return line;
      // Odd pieces between backticks are code spans: left alone.
      return line
        .split('`')
        .map((piece, index) =>
          index % 2 === 1
            ? piece
            : piece.replace(/§(\d+(?:\.\d+)*)/g, (section) => {
                const heading = STANDARD.get(section);
                if (!heading) throw new Error(`${section} is no heading of docs/TECH_STACK.md`);
                return `[${section}](../TECH_STACK.md#${heading.anchor})`;
              }),
        )
        .join('`');
    })
    .join('\n');
}

/** The README's rule table. */
export function rulesTable(rules: readonly Rule[], safety: ReadonlyMap<string, ReturnType<typeof fixSafety>>): string {
  const rows = rules.map((rule) => {
    const { meta } = rule;
    const summary = meta.summary.replace(/\|/g, '\\|');
    return `| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${meta.defaultSeverity} | ${summary} | ${code(meta.ruff)} | ${fixCell(rule, safety.get(meta.id) ?? 'none')} |`;
  });
  return ['| Rule | Default | Flags | Ruff | Fix |', '|---|---|---|---|---|', ...rows].join('\n');
}
