// The stack policy as the engine holds it (the model of policy files; see
// policy/ for reading them). Core vocabulary: the configuration carries it.
import { normalizeName, type PackageRow, type PolicyData, type PolicyProblem, type PolicySections, type RowStatus } from './policyData';

/** A row whose status and section are known, after a team file is laid over what it extends. */
export interface Row extends PackageRow {
  name: string;
  status: RowStatus;
  section: string;
}

/**
 * A complete policy, ready to answer: the merged data with every row checked
 * to have a status and a section, the dependency closure of the standard
 * packages worked out once.
 */
export class Policy {
  readonly rows: ReadonlyMap<string, Row>;
  readonly prefixes: readonly Row[];
  readonly imports: readonly Row[];
  readonly importNames: Readonly<Record<string, string>>;
  readonly requires: Readonly<Record<string, readonly string[]>>;
  readonly environment: readonly string[];
  readonly python: { min: string; max: string; section: string };
  readonly sections: PolicySections;
  readonly devTools: { names: readonly string[]; prefixes: readonly string[]; suffixes: readonly string[] };
  /** Absolute path of the standard document, when the policy names one. */
  readonly standard?: string;
  /** For each package reachable from a standard one: the first standard package (in file order) that pulls it in. */
  readonly transitive: ReadonlyMap<string, string>;

  private constructor(data: PolicyData, problems: PolicyProblem[]) {
    const complete = (kind: string, entries: Record<string, PackageRow> | undefined): Row[] =>
      Object.entries(entries ?? {}).flatMap(([name, row]) => {
        if (row.status && row.section) return [{ ...row, name, status: row.status, section: row.section }];
        problems.push({ message: `[${kind}.${name}] needs a status and a section; the row is ignored`, path: [kind, name] });
        return [];
      });
    this.rows = new Map(complete('packages', data.packages).map((row) => [row.name, row]));
    this.prefixes = complete('prefixes', data.prefixes);
    this.imports = complete('imports', data.imports);
    this.importNames = data.importNames ?? {};
    this.requires = data.requires ?? {};
    this.environment = data.environment ?? [];
    this.python = { min: data.python?.min ?? '3.10', max: data.python?.max ?? '3.12', section: data.python?.section ?? '§5' };
    this.sections = { unknown: '§1, §9', allowed: '§1', environment: '§4.4', upgrades: '§10', pins: '§4.4', ...data.sections };
    this.devTools = { names: data.devTools?.names ?? [], prefixes: data.devTools?.prefixes ?? [], suffixes: data.devTools?.suffixes ?? [] };
    this.standard = data.standard;
    this.transitive = this.buildTransitive();
  }

  /** The policy for complete data; rows that lack a status or section are problems and left out. */
  static from(data: PolicyData): { policy: Policy; problems: PolicyProblem[] } {
    const problems: PolicyProblem[] = [];
    const policy = new Policy(data, problems);
    if (compareMinor(policy.python.max, policy.python.min) < 0) {
      problems.push({ message: `python.min ${policy.python.min} is above python.max ${policy.python.max}`, path: ['python'] });
    }
    return { policy, problems };
  }

  /**
   * Every package `name` (normalized) installed with `extras` pulls in,
   * directly or not, including itself (names without extras). An extra adds
   * only its own requirements: `fastapi` alone does not pull `fastapi[all]`'s.
   */
  closureOf(name: string, extras: readonly string[] = []): Set<string> {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const queue = [requirementKey(name, extras)];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const [base, extraList] = splitExtras(next);
      packages.add(base);
      queue.push(...(this.requires[base] ?? []));
      for (const extra of extraList) queue.push(...(this.requires[`${base}[${extra}]`] ?? []));
    }
    return packages;
  }

  private buildTransitive(): Map<string, string> {
    const via = new Map<string, string>();
    for (const root of this.rows.values()) {
      if (root.status !== 'standard') continue;
      for (const name of this.closureOf(root.name, root.extras ?? [])) {
        if (name !== root.name && !via.has(name)) via.set(name, root.name);
      }
    }
    return via;
  }
}

/** `fastapi[standard]` from a name and its extras, normalized. */
export function requirementKey(name: string, extras: readonly string[] = []): string {
  const normalized = extras.map((extra) => normalizeName(extra)).sort();
  return normalized.length > 0 ? `${normalizeName(name)}[${normalized.join(',')}]` : normalizeName(name);
}

/** `fastapi[standard]` → fastapi and its extras, normalized. */
export function splitExtras(key: string): [string, string[]] {
  const match = /^([^[]+)(?:\[([^\]]*)\])?$/.exec(key);
  if (!match) return [normalizeName(key), []];
  return [normalizeName(match[1]), (match[2] ?? '').split(',').map((extra) => normalizeName(extra.trim())).filter(Boolean)];
}

function compareMinor(a: string, b: string): number {
  const [majorA, minorA] = a.split('.').map(Number);
  const [majorB, minorB] = b.split('.').map(Number);
  return majorA - majorB || minorA - minorB;
}
