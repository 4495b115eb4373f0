// pip's requirements-file format (pip/_internal/req/req_file.py): logical
// lines, then each line split at its first option token into a requirement
// and options. Never throws: a bad line becomes a Problem with pip's reason.
import { basename, dirname, resolve } from 'node:path';
import type { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { normalizeName } from '../policy/policy';
import { MarkerError, parseMarker } from '../dependencies/markers';
import type { DependencyFile, Include, Problem, Requirement } from '../dependencies/model';
import { RequirementError, type Span } from '../dependencies/pep508';
import { parseOptions, shellTokens, type ParsedOption } from './pipOptions';
import { editableProblem, parseArgument, parseLocation, type ArgumentForm } from './requirementForms';
import { logicalLines, type LogicalLine } from './logicalLines';

type Parts = Pick<DependencyFile, 'requirements' | 'includes' | 'problems'>;

/** pip expands only `${UPPER_CASE}` variables; such a line cannot be judged without the environment. */
const ENV_VARIABLE = /\$\{[A-Z0-9_]+\}/;

export function parseRequirementsText(path: string, lines: LineIndex, production: boolean): Parts {
  const parts: Parts = { requirements: [], includes: [], problems: [] };
  for (const line of logicalLines(lines.text)) {
    new LineReader(path, lines, line, production, parts).read();
  }
  return parts;
}

class LineReader {
  constructor(
    private readonly path: string,
    private readonly lines: LineIndex,
    private readonly line: LogicalLine,
    private readonly production: boolean,
    private readonly parts: Parts,
  ) {}

  private range(span: Span): Range {
    return this.lines.range(this.line.toSource(span.start), this.line.toSourceEnd(span.end));
  }

  private problem(message: string, span: Span, severity: Problem['severity'] = 'error'): void {
    this.parts.problems.push({ message, range: this.range(span), severity });
  }

  read(): void {
    const text = this.line.text;
    // pip's break_args_options: the requirement ends at the first space-separated token starting with "-".
    let argsEnd = 0;
    let optionsStart = text.length;
    let offset = 0;
    for (const token of text.split(' ')) {
      if (token.startsWith('-')) {
        optionsStart = offset;
        break;
      }
      if (token !== '') argsEnd = offset + token.length;
      offset += token.length + 1;
    }
    const args = text.slice(0, argsEnd);
    const { options, error } = parseOptions(shellTokens(text.slice(optionsStart), optionsStart));
    if (error) {
      this.problem(`Invalid line: ${error.message}`, error);
      return;
    }
    const hashes = options.filter((option) => option.spec.long === '--hash').length;
    if (args) {
      for (const option of options.filter((candidate) => !candidate.spec.perRequirement)) {
        this.problem(`pip ignores ${option.spec.long} on a requirement line; put it on its own line`, { start: option.nameStart, end: option.nameEnd }, 'warning');
      }
      this.readRequirement(args, hashes);
      return;
    }
    for (const option of options) this.readOption(option, hashes);
  }

  private readOption(option: ParsedOption, hashes: number): void {
    const valueSpan = { start: option.valueStart ?? option.nameStart, end: option.valueEnd ?? option.nameEnd };
    switch (option.spec.long) {
      case '--requirement':
      case '--constraint':
        this.readInclude(option.spec.long === '--requirement' ? 'requirement' : 'constraint', option.value ?? '', valueSpan);
        break;
      case '--editable':
        this.readEditable(option.value ?? '', valueSpan, hashes);
        break;
      case '--hash':
      case '--config-settings':
      case '--global-option':
        this.problem(`${option.spec.long} on a line without a requirement is ignored (is a \\ missing at the end of the line above?)`, { start: option.nameStart, end: valueSpan.end }, 'warning');
        break;
    }
  }

  private readInclude(kind: Include['kind'], path: string, span: Span): void {
    const range = this.range(span);
    if (resolve(dirname(this.path), path) === resolve(this.path)) {
      this.problem(`${path} recursively references itself in ${basename(this.path)}`, span);
      return;
    }
    this.parts.includes.push({ kind, path, range });
  }

  private readEditable(value: string, span: Span, hashes: number): void {
    const problem = editableProblem(value);
    if (problem) {
      this.problem(problem, span);
      return;
    }
    const location = parseLocation(value);
    const shift = (inner: Span): Span => ({ start: span.start + inner.start, end: span.start + inner.end });
    this.push({
      name: location.name,
      nameRange: this.range(shift(location.nameSpan ?? location.locationSpan)),
      extras: location.extras,
      url: location.location,
      editable: true,
      range: this.range(span),
      hashes,
    });
  }

  private readRequirement(args: string, hashes: number): void {
    let form: ArgumentForm;
    try {
      form = parseArgument(args);
    } catch (error) {
      if (!(error instanceof RequirementError)) throw error;
      if (ENV_VARIABLE.test(args)) return;
      const at = Math.min(error.offset, Math.max(args.length - 1, 0));
      this.problem(`Invalid requirement: '${args}': ${error.message}`, { start: at, end: Math.max(at + 1, args.length) });
      return;
    }
    const whole = { start: 0, end: args.length };
    if (form.kind === 'location') {
      const location = form.requirement;
      let marker;
      if (location.markerText) {
        try {
          marker = parseMarker(location.markerText);
        } catch (error) {
          if (!(error instanceof MarkerError)) throw error;
          this.problem(`Invalid requirement: '${args}': ${error.message}`, location.markerSpan ?? whole);
          return;
        }
      }
      this.push({
        name: location.name,
        nameRange: this.range(location.nameSpan ?? location.locationSpan),
        extras: location.extras,
        url: location.location,
        marker,
        markerText: location.markerText,
        range: this.range(whole),
        hashes,
      });
      return;
    }
    const parsed = form.requirement;
    this.push({
      name: parsed.name,
      nameRange: this.range(parsed.nameSpan),
      extras: parsed.extras,
      clauses: parsed.clauses.map((clause) => ({ operator: clause.operator, version: clause.version, range: this.range(clause.span) })),
      specifierText: parsed.specifierSpan ? args.slice(parsed.specifierSpan.start, parsed.specifierSpan.end) : '',
      specifierRange: parsed.specifierSpan ? this.range(parsed.specifierSpan) : undefined,
      url: parsed.url,
      marker: parsed.marker,
      markerText: parsed.markerText,
      range: this.range({ start: 0, end: parsed.end }),
      hashes,
    });
  }

  private push(partial: Partial<Requirement> & Pick<Requirement, 'nameRange' | 'range' | 'extras' | 'hashes'>): void {
    this.parts.requirements.push({
      clauses: [],
      specifierText: '',
      ...partial,
      normalized: partial.name ? normalizeName(partial.name) : undefined,
      firstLine: this.line.firstLine,
      lastLine: this.line.lastLine,
      section: 'requirements',
      production: this.production,
    });
  }
}
