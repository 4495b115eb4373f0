// pyproject.toml's dependency tables, read with smol-toml and located in the
// text with tomlLocate: [project] dependencies, optional-dependencies,
// [dependency-groups] (PEP 735), Poetry's tables, requires-python.
import type { LineIndex } from '../core/text';
import { normalizeName } from '../policy/policy';
import { parsePoetryConstraint, parseSpecifierSet, type ConstraintClause } from '../dependencies/constraints';
import type { DependencyFile, Requirement, RequirementSection } from '../dependencies/model';
import { parseRequirement, RequirementError, type Span } from '../dependencies/pep508';
import { arrayElements, parseTomlDocument, valueEnd, pathKey, type TomlLayout, type TomlToken } from '../core/toml';

type Parts = Pick<DependencyFile, 'requirements' | 'includes' | 'problems' | 'pythons' | 'toml'>;

const isTable = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parsePyprojectText(lines: LineIndex): Parts {
  const parts: Parts = { requirements: [], includes: [], problems: [], pythons: [] };
  const toml = parseTomlDocument(lines.text);
  const document = toml.value;
  if (!document) {
    const at = toml.error?.range.start ?? { line: 0, character: 0 };
    const start = lines.offsetAt(at);
    parts.problems.push({ message: `pyproject.toml is not valid TOML: ${toml.error?.message}`, range: lines.range(start, Math.min(start + 1, lines.text.length)), severity: 'error' });
    return parts;
  }
  parts.toml = document;
  new PyprojectReader(lines, toml.layout, document, parts).read();
  return parts;
}

class PyprojectReader {
  constructor(
    private readonly lines: LineIndex,
    private readonly layout: TomlLayout,
    private readonly document: Record<string, unknown>,
    private readonly parts: Parts,
  ) {}

  private get(path: string[]): unknown {
    let value: unknown = this.document;
    for (const part of path) value = isTable(value) ? value[part] : undefined;
    return value;
  }

  private valueToken(path: string[]): TomlToken | undefined {
    const entry = this.layout.entries.get(pathKey(path));
    return entry ? this.layout.tokens[entry.valueIndex] : undefined;
  }

  read(): void {
    this.readArray(['project', 'dependencies'], 'project', undefined, true);
    const optional = this.get(['project', 'optional-dependencies']);
    if (isTable(optional)) for (const extra of Object.keys(optional)) this.readArray(['project', 'optional-dependencies', extra], 'optional-dependencies', extra, false);
    const groups = this.get(['dependency-groups']);
    if (isTable(groups)) for (const group of Object.keys(groups)) this.readArray(['dependency-groups', group], 'dependency-groups', group, false, groups);
    this.readRequiresPython();
    this.readPoetry(['tool', 'poetry', 'dependencies'], 'poetry', 'main', true);
    this.readPoetry(['tool', 'poetry', 'dev-dependencies'], 'poetry-dev', 'dev', false);
    const poetryGroups = this.get(['tool', 'poetry', 'group']);
    if (isTable(poetryGroups)) {
      for (const group of Object.keys(poetryGroups)) this.readPoetry(['tool', 'poetry', 'group', group, 'dependencies'], 'poetry-dev', group, false);
    }
  }

  /** The source range of a span of a string's decoded value, mapped through its escapes. */
  private rangeIn(token: TomlToken, span: Span) {
    const start = token.contentStart ?? token.start;
    const offsets = token.offsets;
    if (!offsets) return this.lines.range(start + span.start, start + span.end);
    const rawAt = (index: number) => start + offsets[Math.min(index, offsets.length - 1)];
    if (span.end <= span.start) return this.lines.range(rawAt(span.start), rawAt(span.start));
    const last = rawAt(span.end - 1);
    // The last character may be written as an escape sequence, longer than one character.
    const escape = /^\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/s.exec(this.lines.text.slice(last, last + 10));
    return this.lines.range(rawAt(span.start), last + (escape ? escape[0].length : 1));
  }

  private readArray(path: string[], section: RequirementSection, group: string | undefined, production: boolean, groups?: Record<string, unknown>): void {
    const values = this.get(path);
    if (!Array.isArray(values)) return;
    const open = this.layout.entries.get(pathKey(path));
    const elements = open ? arrayElements(this.layout.tokens, open.valueIndex) : [];
    values.forEach((value, index) => {
      const token = elements[index];
      if (!token) return;
      if (typeof value === 'string') {
        this.readRequirementString(value, token, section, group, production);
      } else if (isTable(value) && typeof value['include-group'] === 'string' && groups && !(value['include-group'] in groups)) {
        this.parts.problems.push({
          message: `include-group "${value['include-group']}" names no group in [dependency-groups]`,
          range: this.lines.range(token.start, token.end),
          severity: 'error',
        });
      }
    });
  }

  private readRequirementString(value: string, token: TomlToken, section: RequirementSection, group: string | undefined, production: boolean): void {
    try {
      const parsed = parseRequirement(value);
      const specifierSpan = parsed.specifierSpan;
      this.push({
        name: parsed.name,
        nameRange: this.rangeIn(token, parsed.nameSpan),
        extras: parsed.extras,
        clauses: parsed.clauses.map((clause) => ({ operator: clause.operator, version: clause.version, range: this.rangeIn(token, clause.span) })),
        specifierText: specifierSpan ? value.slice(specifierSpan.start, specifierSpan.end) : '',
        specifierRange: specifierSpan ? this.rangeIn(token, specifierSpan) : undefined,
        url: parsed.url,
        marker: parsed.marker,
        markerText: parsed.markerText,
        range: this.rangeIn(token, { start: parsed.nameSpan.start, end: parsed.end }),
        section,
        group,
        production,
        token,
      });
    } catch (error) {
      if (!(error instanceof RequirementError)) throw error;
      const at = Math.min(error.offset, Math.max(value.length - 1, 0));
      this.parts.problems.push({ message: `Invalid requirement: '${value}': ${error.message}`, range: this.rangeIn(token, { start: at, end: Math.max(at + 1, value.length) }), severity: 'error' });
    }
  }

  private readRequiresPython(): void {
    const value = this.get(['project', 'requires-python']);
    const token = this.valueToken(['project', 'requires-python']);
    if (typeof value !== 'string' || token?.kind !== 'string') return;
    const result = parseSpecifierSet(value);
    if (result.error !== undefined) {
      this.parts.problems.push({ message: `requires-python: ${result.error}`, range: this.rangeIn(token, result.span), severity: 'error' });
      return;
    }
    this.parts.pythons.push({ text: value, clauses: this.clauses(result.clauses, token), range: this.rangeIn(token, { start: 0, end: value.length }), poetry: false });
  }

  private clauses(clauses: ConstraintClause[], token: TomlToken) {
    return clauses.map((clause) => ({ operator: clause.operator, version: clause.version, range: this.rangeIn(token, clause.span) }));
  }

  private readPoetry(path: string[], section: RequirementSection, group: string, production: boolean): void {
    const table = this.get(path);
    if (!isTable(table)) return;
    for (const [name, spec] of Object.entries(table)) {
      const entry = this.layout.entries.get(pathKey([...path, name]));
      const header = this.layout.headers.get(pathKey([...path, name]));
      const nameRange = entry ? this.lines.range(entry.keyStart, entry.keyEnd) : header ? this.lines.range(header.start, header.end) : undefined;
      if (!nameRange) continue;
      const versionPath = typeof spec === 'string' ? [...path, name] : [...path, name, 'version'];
      const version = typeof spec === 'string' ? spec : isTable(spec) && typeof spec.version === 'string' ? spec.version : undefined;
      const token = this.valueToken(versionPath);
      const constraint = version !== undefined ? parsePoetryConstraint(version) : { clauses: [] as ConstraintClause[] };
      if (constraint.error !== undefined) {
        this.parts.problems.push({ message: `${name}: ${constraint.error}`, range: token ? this.rangeIn(token, constraint.span) : nameRange, severity: 'error' });
        continue;
      }
      const clauses = token?.kind === 'string' ? this.clauses(constraint.clauses, token) : [];
      const versionRange = token?.kind === 'string' && version ? this.rangeIn(token, { start: 0, end: version.length }) : undefined;
      if (name === 'python' && section === 'poetry') {
        if (version && versionRange) this.parts.pythons.push({ text: version, clauses, range: versionRange, poetry: true });
        continue;
      }
      const extras = isTable(spec) && Array.isArray(spec.extras) ? spec.extras.filter((extra): extra is string => typeof extra === 'string') : [];
      const url = isTable(spec) ? ['git', 'path', 'url'].map((key) => spec[key]).find((value): value is string => typeof value === 'string') : undefined;
      this.push({
        name,
        nameRange,
        extras,
        clauses,
        specifierText: version ?? '',
        specifierRange: versionRange,
        poetry: true,
        url,
        range: nameRange,
        section,
        group,
        production,
        // `black = { version = "^23",\n optional = true }`: the entry's lines run to its closing brace.
        lastLine: entry ? this.lines.positionAt(valueEnd(this.layout.tokens, entry.valueIndex)).line : undefined,
      });
    }
  }

  private push(partial: Omit<Requirement, 'normalized' | 'firstLine' | 'lastLine' | 'hashes'> & { token?: TomlToken; lastLine?: number }): void {
    const { token, lastLine, ...requirement } = partial;
    const start = token ? this.lines.positionAt(token.start).line : requirement.range.start.line;
    const end = lastLine ?? (token ? this.lines.positionAt(token.end).line : requirement.range.end.line);
    this.parts.requirements.push({ ...requirement, normalized: requirement.name ? normalizeName(requirement.name) : undefined, firstLine: start, lastLine: end, hashes: 0 });
  }
}
