import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { docsUrl, type Finding, type Fix, type Severity } from '../core/types';

/** What a diagnostic carries so code actions can be built without server state. */
export interface DiagnosticData {
  rule: string;
  /** The document version the fixes were computed for; stale fixes are refused. */
  version: number;
  fixes: Fix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, version: number): Diagnostic {
  const fixes = [finding.fix, ...(finding.alternatives ?? [])].filter((fix): fix is Fix => fix !== undefined);
  const data: DiagnosticData = { rule: finding.rule, version, fixes };
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
  return typeof data === 'object' && data !== null && typeof (data as DiagnosticData).rule === 'string' && Array.isArray((data as DiagnosticData).fixes);
}
