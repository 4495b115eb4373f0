import { hasHiddenFix, isApplicable } from '../engine/fixes';
import { codePointColumn, LineIndex } from '../core/text';
import { bundledDocsUri } from '../core/package';
import type { Finding } from '../core/types';
import type { SectionLink } from '../config/standard';
import { ruleById } from '../engine/registry';
import { type RunFacts, summaryLine } from './summary';

/** A finding as the CLI prints it: 1-based lines, columns in code points. */
export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  /** `--fix` applies its fix (with `--unsafe-fixes`, unsafe ones too). */
  fixable: boolean;
  /** Only `--unsafe-fixes` would fix it; counted in the summary, not printed in JSON. */
  hiddenFix?: boolean;
  /** The standard's headings the message cites, for SARIF links; not printed in JSON. */
  sections?: { section: string; title: string; uri: string; line: number }[];
}

/**
 * Converts UTF-16 columns to code-point columns, reading each line once: a
 * line without surrogate pairs (nearly all) maps one to one, so a long line
 * with many findings costs no more than a short one.
 */
export class ColumnMapper {
  private readonly astral = new Map<number, string | null>();

  constructor(private readonly lines: LineIndex) {}

  column(line: number, character: number): number {
    let text = this.astral.get(line);
    if (text === undefined) {
      const full = this.lines.lineText(line);
      text = /[\ud800-\udbff]/.test(full) ? full : null;
      this.astral.set(line, text);
    }
    return text === null ? character : codePointColumn(text, character);
  }
}

export function toCliFinding(file: string, columns: ColumnMapper, finding: Finding, unsafe = false, sections: readonly SectionLink[] = []): CliFinding {
  const { start, end } = finding.range;
  return {
    file,
    line: start.line + 1,
    column: columns.column(start.line, start.character) + 1,
    endLine: end.line + 1,
    endColumn: columns.column(end.line, end.character) + 1,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    // `--fix` applies only fixes within the file; a move to another file is the editor's.
    fixable: isApplicable(finding.fix, unsafe),
    ...(hasHiddenFix(finding, unsafe) ? { hiddenFix: true } : {}),
    ...cliSections(sections),
  };
}

/** The `sections` of a CLI finding: none when the message cites no heading of the standard. */
export function cliSections(sections: readonly SectionLink[]): Pick<CliFinding, 'sections'> {
  return sections.length ? { sections: sections.map((link) => ({ section: link.section, title: link.heading.title, uri: link.uri, line: link.heading.line + 1 })) } : {};
}

export type Format = 'text' | 'json' | 'sarif' | 'github';

export function render(format: Format, findings: CliFinding[], color: boolean, facts?: RunFacts): string {
  switch (format) {
    case 'json':
      return JSON.stringify(findings.map(({ hiddenFix: _hidden, sections: _sections, ...shown }) => shown), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(findings), null, 2) + '\n';
    case 'github':
      return findings.map(github).join('');
    default:
      return text(findings, color, facts);
  }
}

function text(findings: CliFinding[], color: boolean, facts?: RunFacts): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const tone: Record<string, string> = { error: '31', warning: '33', information: '36', hint: '2' };
  const out = findings.map(
    (f) => `${paint('1', `${f.file}:${f.line}:${f.column}`)}: ${paint(tone[f.severity] ?? '0', f.severity)} ${paint('35', f.rule)} ${f.message}${f.fixable ? paint('2', ' [fixable]') : ''}\n`,
  );
  out.push(summaryLine(findings, facts));
  const hidden = hiddenFixes(findings);
  if (hidden > 0) out.push(`${hidden} hidden fix${hidden === 1 ? '' : 'es'} can be enabled with --unsafe-fixes.\n`);
  return out.join('');
}

/** How many more findings `--unsafe-fixes` would fix (Ruff's "hidden fixes"). */
export function hiddenFixes(findings: readonly CliFinding[]): number {
  return findings.filter((f) => f.hiddenFix).length;
}

const GITHUB_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

function github(f: CliFinding): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => escape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${GITHUB_LEVEL[f.severity]} file=${property(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${property(`stacklint ${f.rule}`)}::${escape(f.message)}\n`;
}

/**
 * The message with each § as a SARIF embedded link (`[§2.1](1)`) to a
 * related location: the standard's heading, as a file URI with the heading's
 * anchor and its line.
 */
function sarifMessage(f: CliFinding): { message: { text: string }; relatedLocations?: object[] } {
  if (!f.sections?.length) return { message: { text: f.message } };
  const ids = new Map(f.sections.map((link, index) => [link.section, index + 1]));
  const text = f.message.replace(/[[\]]/g, '\\$&').replace(/§\d+(?:\.\d+)*/g, (section) => (ids.has(section) ? `[${section}](${ids.get(section)})` : section));
  return {
    message: { text },
    relatedLocations: f.sections.map((link, index) => ({
      id: index + 1,
      message: { text: `${link.section}: ${link.title}` },
      physicalLocation: { artifactLocation: { uri: link.uri }, region: { startLine: link.line } },
    })),
  };
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function sarif(findings: CliFinding[]): object {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stacklint',
            informationUri: 'https://github.com/stacklint/stacklint',
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: ruleById(id)?.meta.summary ?? id },
              // The page shipped with stacklint, readable offline.
              helpUri: bundledDocsUri(id),
              defaultConfiguration: { level: SARIF_LEVEL[ruleById(id)?.meta.defaultSeverity ?? 'warning'] },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: SARIF_LEVEL[f.severity],
          ...sarifMessage(f),
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
