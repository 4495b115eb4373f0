import { parsePyprojectFile } from '../../../server/src/pyproject/module';
import { parseRequirementsFile } from '../../../server/src/requirements/module';
import type { DependencyFile, Requirement } from '../../../server/src/dependencies/model';
import type { Range } from '../../../server/src/core/types';

export function parseRequirements(text: string, path = '/project/requirements.txt'): DependencyFile {
  return parseRequirementsFile(path, text);
}

export function parsePyproject(text: string, path = '/project/pyproject.toml'): DependencyFile {
  return parsePyprojectFile(path, text);
}

/** The source text a range covers. */
export function slice(file: DependencyFile, range: Range | undefined): string | undefined {
  if (!range) return undefined;
  return file.text.slice(file.lines.offsetAt(range.start), file.lines.offsetAt(range.end));
}

/** A requirement as the tests compare it: name, specifier and marker as they appear in the source. */
export function summary(file: DependencyFile, requirement: Requirement) {
  return {
    name: requirement.name === undefined ? undefined : slice(file, requirement.nameRange),
    spec: requirement.clauses.map((clause) => `${clause.operator}${clause.version}`).join(','),
    line: requirement.firstLine + 1,
  };
}
