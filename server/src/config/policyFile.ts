import { dirname, resolve } from 'node:path';
import { readWorkspaceFile } from '../core/files';
import type { Finding, Range } from '../core/types';
import { mergePolicy, type PolicyData } from '../core/policyData';
import { Policy } from '../core/policy';
import { locateKey, parseTomlDocument } from '../core/toml';
import { defaultPolicy, defaultPolicyData } from '../policy/default';
import { parsePolicyText, type PolicyProblem } from '../policy/parse';
import { INVALID_CONFIGURATION } from './problems';

/** Policy files larger than this are not read: a policy is a page of TOML, not megabytes. */
const MAX_POLICY_BYTES = 1024 * 1024;

export interface LoadedPolicy {
  policy: Policy;
  /** Why the default applies instead of the named file, for the `policy =` key; undefined when the file is in force. */
  failure?: string;
}

/**
 * Reads a policy file through the guarded reader: a regular file of at most
 * 1 MiB, not a link out of its own folder, named *.toml. A policy may live
 * outside the workspace (a file shared by many repositories), so the name
 * check keeps a repository from pointing stacklint at arbitrary files.
 */
function readPolicyFile(path: string): string | undefined {
  if (!path.endsWith('.toml')) return undefined;
  const read = readWorkspaceFile(path, { root: dirname(path), maxBytes: MAX_POLICY_BYTES });
  return read.ok ? read.text : undefined;
}

function problemFinding(text: string, problem: PolicyProblem): Finding {
  let range: Range;
  if (problem.at) {
    const at = { line: Math.max(0, problem.at.line - 1), character: Math.max(0, problem.at.column - 1) };
    range = { start: at, end: { line: at.line, character: at.character + 1 } };
  } else range = locateKey(parseTomlDocument(text), problem.path);
  return { rule: INVALID_CONFIGURATION, severity: 'error', message: `Invalid stacklint policy: ${problem.message}`, range };
}

/**
 * Loads policy files (and the files they extend) once each until clear(),
 * keeping each file's problems to report on it. Open editor buffers win over
 * the disk. A file with any problem is not used: the default policy applies,
 * so a half-read team policy never judges code.
 */
export class PolicyFiles {
  private readonly loaded = new Map<string, LoadedPolicy>();
  private readonly problems = new Map<string, Finding[]>();

  constructor(private readonly readText?: (path: string) => string | undefined) {}

  load(path: string): LoadedPolicy {
    let result = this.loaded.get(path);
    if (!result) {
      result = this.loadChain(path, []);
      this.loaded.set(path, result);
    }
    return result;
  }

  /** Every policy file read so far, with its problems (empty when it is fine). */
  files(): ReadonlyMap<string, Finding[]> {
    return this.problems;
  }

  clear(): void {
    this.loaded.clear();
    this.problems.clear();
  }

  private loadChain(path: string, chain: string[]): LoadedPolicy {
    const data = this.readData(path, chain);
    if (typeof data === 'string') return { policy: defaultPolicy(), failure: data };
    const { policy, problems } = Policy.from(data);
    if (problems.length > 0) {
      this.addProblems(path, problems);
      return { policy: defaultPolicy(), failure: `${path} has ${problems.length} problem${problems.length === 1 ? '' : 's'}` };
    }
    return { policy };
  }

  /** The merged data of a file and what it extends, or why it cannot be used. */
  private readData(path: string, chain: string[]): PolicyData | string {
    if (chain.includes(path)) return `${[...chain, path].join(' extends ')} is a cycle`;
    const text = this.readText?.(path) ?? readPolicyFile(path);
    if (text === undefined) return `policy file ${path} cannot be read (missing, not a regular *.toml file, or larger than 1 MiB)`;
    this.problems.set(path, this.problems.get(path) ?? []);
    const parsed = parsePolicyText(text);
    if (parsed.problems.length > 0) {
      this.addProblems(path, parsed.problems, text);
      return `${path} has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}`;
    }
    let base: PolicyData = {};
    if (parsed.extends === 'default') base = defaultPolicyData();
    else if (parsed.extends !== undefined) {
      const parent = this.readData(resolve(dirname(path), parsed.extends), [...chain, path]);
      if (typeof parent === 'string') {
        this.addProblems(path, [{ message: `cannot extend ${parsed.extends}: ${parent}`, path: ['extends'] }], text);
        return parent;
      }
      base = parent;
    }
    const own: PolicyData = parsed.standard === undefined ? parsed.data : { ...parsed.data, standard: resolve(dirname(path), parsed.standard) };
    return mergePolicy(base, own);
  }

  private addProblems(path: string, problems: PolicyProblem[], text?: string): void {
    const source = text ?? this.readText?.(path) ?? readPolicyFile(path) ?? '';
    this.problems.set(path, [...(this.problems.get(path) ?? []), ...problems.map((problem) => problemFinding(source, problem))]);
  }
}
