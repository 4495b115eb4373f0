// Editor features for dependency files, as pure functions over a parsed
// DependencyFile (no vscode, no connection): hover on a requirement,
// completion of standard package names, and links for `-r`/`-c` includes.
import { policyOf } from '../policy/default';
import { dirname, resolve } from 'node:path';
import type { StacklintConfig } from '../core/config';
import type { DependencyFile, Requirement } from '../dependencies/model';
import { comparePositions } from '../core/text';
import type { Position, Range } from '../core/types';
import { classify, minimumVersion, normalizeName, referencePin, standardPackages } from '../policy/policy';

const contains = (range: Range, position: Position) => comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;

const STATUS_TEXT: Record<string, string> = {
  standard: 'part of the standard stack',
  transitive: 'allowed: pulled in by the standard stack',
  banned: 'banned by the standard',
  discouraged: 'discouraged: the stack has its own choice',
  unknown: 'not in the standard stack (needs architectural approval)',
};

/** The requirement whose name, specifier or whole text holds the position. */
export function requirementAt(file: DependencyFile, position: Position): Requirement | undefined {
  return file.requirements.find((requirement) => contains(requirement.nameRange, position) || contains(requirement.range, position) || (requirement.specifierRange && contains(requirement.specifierRange, position)));
}

/** Markdown for a hover on a requirement: status, section, replacement, approved-deviation reason, minimum and reference versions. */
export function hover(file: DependencyFile, position: Position, config: StacklintConfig): string | undefined {
  const requirement = requirementAt(file, position);
  if (!requirement?.name) return undefined;
  const status = classify(requirement.name, config);
  const lines = [`**${status.name}**: ${STATUS_TEXT[status.status]} (${status.section})`];
  if (status.reason) lines.push(`- ${status.reason}`);
  if (status.replacement && (status.status === 'banned' || status.status === 'discouraged')) lines.push(`- use instead: \`${status.replacement}\``);
  if (status.approvedReason !== undefined) lines.push(`- approved deviation: ${status.approvedReason}`);
  const minimum = minimumVersion(status.name, config);
  if (minimum) lines.push(`- minimum version: ${minimum.version} (${minimum.section})`);
  const pin = referencePin(status.name, config);
  if (pin) lines.push(`- reference pin: \`${status.name}==${pin}\` (${policyOf(config).sections.pins})`);
  return lines.join('\n');
}

export interface DependencyCompletion {
  label: string;
  detail: string;
  insertText: string;
}

/**
 * Standard (and extend-allow) package names, each with its reference version where §4.4 gives one.
 * Offered where a requirement's name is typed: at the start of a line (after
 * indentation) in requirements files, inside a dependency string or as a
 * Poetry key in pyproject.toml. Poetry keys get `name = "version"`.
 */
export function completions(file: DependencyFile, position: Position, config: StacklintConfig): DependencyCompletion[] {
  const line = file.lines.lineText(position.line);
  const before = line.slice(0, position.character);
  if (file.kind === 'requirements' && !/^\s*[A-Za-z0-9._-]*$/.test(before)) return [];
  const inString = /["'][A-Za-z0-9._-]*$/.test(before);
  if (file.kind === 'pyproject' && !inString && !/^\s*[A-Za-z0-9_-]*$/.test(before)) return [];
  const poetryKey = file.kind === 'pyproject' && !inString;
  const present = new Set(file.requirements.map((requirement) => requirement.normalized));
  const allowed = config.extendAllow.map((name) => ({ name: normalizeName(name), section: policyOf(config).sections.allowed, reason: 'allowed by extend-allow', reference: undefined }));
  return [...standardPackages(config), ...allowed]
    .filter((entry) => !present.has(entry.name))
    .map((entry) => {
      const detail = `${entry.reason ?? 'standard'} (${entry.section})${entry.reference ? `, reference ${entry.reference}` : ''}`;
      let insertText = entry.reference ? `${entry.name}==${entry.reference}` : entry.name;
      if (poetryKey) insertText = `${entry.name} = "${entry.reference ?? '*'}"`;
      return { label: entry.name, detail, insertText };
    });
}

export interface DependencyLink {
  range: Range;
  /** Absolute path of the included file, resolved against the including file's folder. */
  target: string;
}

/** `-r`/`-c` includes as links to the files they name. */
export function documentLinks(file: DependencyFile): DependencyLink[] {
  return file.includes.map((include) => ({ range: include.range, target: resolve(dirname(file.path), include.path) }));
}
