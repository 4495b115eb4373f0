import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { docsUrl, type Finding, type Fix, type Severity } from '../core/types';

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

export function toDiagnostic(finding: Finding, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { rule: finding.rule, version };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: docsUrl(finding.rule) },
    source: 'stacklint',
    message: finding.message,
    data,
  };
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((info) => ({ location: { uri, range: info.range }, message: info.message }));
  }
  return diagnostic;
}

export function isStacklintData(data: unknown): data is DiagnosticData {
  return typeof data === 'object' && data !== null && typeof (data as DiagnosticData).rule === 'string' && Number.isInteger((data as DiagnosticData).version);
}

/** The fixes of a finding: the main one first, then the alternatives. */
export function fixesOf(finding: Finding): Fix[] {
  return [finding.fix, ...(finding.alternatives ?? [])].filter((fix): fix is Fix => fix !== undefined);
}
