import type { Run } from 'dockerfile-ast';
import { programName, runCommands, isExecForm } from './commands';
import type { DockerfileFile, Stage } from './file';
import type { Word } from './shell';

/** One `pip install` in a RUN: its words and what its options say. */
export interface PipInstall {
  run: Run;
  stage: Stage;
  /** The command's words, from `pip` (or `python -m pip`) on. */
  words: Word[];
  pip: Word;
  install: Word;
  exec: boolean;
  noCacheDir: boolean;
  requirementFiles: Word[];
  /** Positional arguments that name packages (not paths, URLs, wheels or `.`). */
  packages: Word[];
  /** The whole RUN's commands, for clean-ups after the install. */
  siblings: Word[][];
}

// pip install options that take a value (pip 24); the value is never a package.
const WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '--platform', '--python-version',
  '--implementation', '--abi', '--upgrade-strategy', '--progress-bar', '--global-option', '--config-settings', '-C',
  '--no-binary', '--only-binary', '--trusted-host', '--cache-dir', '--log', '--proxy', '--retries', '--timeout',
  '--exists-action', '--cert', '--client-cert', '--python', '--report', '--root-user-action', '--use-feature',
  '--use-deprecated', '--keyring-provider', '--group', '--build-option', '--install-option',
]);

/** A requirement specifier's name: `fastapi`, `uvicorn[standard]==0.24.0`, `"poetry==$POETRY_VERSION"`. */
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:[<>=!~]=?|===).*)?$/;

export function requirementName(word: string): string | undefined {
  if (/[/\\]|^\.|\.(whl|zip|tar\.gz|tgz)$|:\/\//.test(word)) return undefined;
  return REQUIREMENT.exec(word)?.[1];
}

function pipInvocation(words: Word[]): number | undefined {
  const first = words[0] ? programName(words[0].value) : '';
  if (/^pip[0-9.]*$/.test(first)) return 0;
  if (/^python[0-9.]*$/.test(first) && words[1]?.value === '-m' && words[2]?.value === 'pip') return 2;
  return undefined;
}

function readInstall(words: Word[], pipAt: number): Omit<PipInstall, 'run' | 'stage' | 'exec' | 'siblings'> | undefined {
  let i = pipAt + 1;
  let noCacheDir = false;
  // Global options may come before the subcommand: `pip --no-cache-dir install`.
  while (words[i]?.value.startsWith('-')) {
    if (words[i].value.startsWith('--no-cache-dir')) noCacheDir = true;
    i++;
  }
  if (words[i]?.value !== 'install') return undefined;
  const install = words[i];
  const requirementFiles: Word[] = [];
  const packages: Word[] = [];
  for (i++; i < words.length; i++) {
    const value = words[i].value;
    if (value.startsWith('--no-cache-dir')) noCacheDir = true;
    if (value === '-r' || value === '--requirement') requirementFiles.push(words[i + 1] ?? words[i]);
    else if (/^(-r.+|--requirement=)/.test(value)) requirementFiles.push(words[i]);
    if (WITH_VALUE.has(value)) i++;
    else if (!value.startsWith('-') && requirementName(value)) packages.push(words[i]);
  }
  return { words, pip: words[0], install, noCacheDir, requirementFiles, packages };
}

/** Every `pip install` in the Dockerfile's RUN instructions, stage by stage. */
export function pipInstalls(file: DockerfileFile): PipInstall[] {
  const installs: PipInstall[] = [];
  for (const stage of file.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const run = instruction as Run;
      const siblings = runCommands(file, run);
      for (const command of siblings) {
        // Leading assignments (`PIP_NO_CACHE_DIR=1 pip install ...`) stay in the words for the rules to read.
        let start = 0;
        while (command[start] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(command[start].value)) start++;
        const pipAt = pipInvocation(command.slice(start));
        if (pipAt === undefined) continue;
        const install = readInstall(command.slice(start), pipAt);
        if (install) installs.push({ ...install, words: command, run, stage, exec: isExecForm(run), siblings });
      }
    }
  }
  return installs;
}
