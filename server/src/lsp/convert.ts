import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { bundledDocsUri } from '../core/package';
import type { Finding, Fix, Severity } from '../core/types';
import type { SectionLink } from '../config/standard';

/**
 * What a diagnostic carries back to the server: which finding it is, never
 * what a fix writes. Code actions recompute the fixes from the server's own
 * lint of that document version, so forged data cannot make an edit.
 */
export interface DiagnosticData {
  rule: string;
  /** The document version the diagnostic was published for; stale ones get no fixes. */
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The diagnostic for a finding. Its rule link opens the page shipped with
 * stacklint; each § of the message is related information that opens the
 * standard at that heading.
 */
export function toDiagnostic(finding: Finding, uri: string, version: number, sections: readonly SectionLink[] = []): Diagnostic {
  const data: DiagnosticData = { rule: finding.rule, version };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: bundledDocsUri(finding.rule) },
    source: 'stacklint',
    message: finding.message,
    data,
  };
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  const related = (finding.related ?? []).map((info) => ({ location: { uri, range: info.range }, message: info.message }));
  for (const link of sections) {
    const at = { line: link.heading.line, character: 0 };
    related.push({ location: { uri: withoutFragment(link.uri), range: { start: at, end: at } }, message: `${link.section} ${link.heading.title.replace(/^[\d.]+\s*/, '')}` });
  }
  if (related.length) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** The URI without its `#fragment` (by index: a pattern would be quadratic on a run of `#`). */
function withoutFragment(uri: string): string {
  const at = uri.indexOf('#');
  return at < 0 ? uri : uri.slice(0, at);
}

export function isStacklintData(data: unknown): data is DiagnosticData {
  return typeof data === 'object' && data !== null && typeof (data as DiagnosticData).rule === 'string' && Number.isInteger((data as DiagnosticData).version);
}

/** The fixes of a finding: the main one first, then the alternatives. */
export function fixesOf(finding: Finding): Fix[] {
  return [finding.fix, ...(finding.alternatives ?? [])].filter((fix): fix is Fix => fix !== undefined);
}
