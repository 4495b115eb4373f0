import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { docsPath } from '../core/types';
import { RULES, ruleById } from '../engine/registry';

/** The folder holding docs/rules: the package root above the bundle (dist/) or the sources. */
function packageRoot(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'docs', 'rules'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `--explain RULE`: the rule's documentation page, or undefined for an unknown rule. */
export function explainRule(id: string): string | undefined {
  if (!ruleById(id)) return undefined;
  const root = packageRoot();
  const page = root && join(root, docsPath(id));
  if (page && existsSync(page)) return readFileSync(page, 'utf8');
  const meta = ruleById(id)!.meta;
  // Without the pages (a trimmed install), the registry still knows the summary.
  return `# ${id}\n\n${meta.summary}\n`;
}

export function unknownRuleMessage(id: string): string {
  return `unknown rule '${id}'; --list-rules shows them all`;
}

/** `--list-rules`: one line per rule (or a JSON array), in registry order. */
export function listRules(json: boolean): string {
  const rows = RULES.map(({ meta }) => ({
    id: meta.id,
    kind: meta.kind,
    severity: meta.defaultSeverity,
    fixable: meta.fixable,
    ruff: meta.ruff,
    summary: meta.summary,
  }));
  if (json) return JSON.stringify(rows, null, 2) + '\n';
  const width = Math.max(...rows.map((row) => row.id.length));
  const lines = rows.map((row) => `${row.id.padEnd(width)}  ${row.severity.padEnd(11)}  ${(row.fixable ? 'fixable' : '').padEnd(7)}  ${row.summary}`);
  return `${'rule'.padEnd(width)}  ${'default'.padEnd(11)}  ${'fix'.padEnd(7)}  flags\n${lines.join('\n')}\n`;
}
