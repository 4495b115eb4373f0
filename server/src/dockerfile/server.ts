import type { Cmd, Entrypoint, JSONInstruction } from 'dockerfile-ast';
import { instructionCommands, programName } from './commands';
import type { DockerfileFile } from './file';
import { wordScript, type Word } from './shell';

/**
 * What a command runs, as far as §2.8 cares: uvicorn (directly, through
 * `fastapi run`, or as gunicorn's worker class), another server, or a
 * development server.
 */
export type ServerKind = 'uvicorn' | 'gunicorn-uvicorn' | 'fastapi-run' | 'gunicorn-sync' | 'other-server' | 'dev-server';

export interface ServerCommand {
  kind: ServerKind;
  /** The words that name the server (`uvicorn`, `fastapi dev`, `python manage.py runserver`). */
  program: Word[];
  /** Display name for messages. */
  label: string;
  /** Groups of words that turn on code reloading (`--reload`, `--reload-dir src`), each removed as a whole. */
  reload: Word[][];
  /** The port it listens on, when the command says. */
  port?: string;
  /** True for an exec-form (JSON) command, whose words are JSON strings. */
  exec: boolean;
  /** Every word of the command, to find the word before a group that is removed. */
  words: Word[];
}

const RUNNERS = new Set(['poetry', 'pipenv', 'pdm', 'hatch', 'uv', 'rye']);
const INIT = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
const OTHER_SERVERS = new Set(['hypercorn', 'daphne', 'waitress-serve', 'granian', 'bjoern']);

/** Strips launchers (`exec`, `tini --`, `poetry run`, `python -m`, `sh -c "..."`) to reach the commands that run. */
export function unwrap(text: string, words: Word[]): Word[][] {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].value)) i++;
    if (i >= words.length) return [];
    const program = programName(words[i].value);
    if (program === 'exec' || program === 'env' || program === 'ddtrace-run') {
      i++;
      while (program === 'env' && words[i]?.value.startsWith('-')) i++;
    } else if (INIT.has(program)) {
      i++;
      while (i < words.length && words[i].value.startsWith('-')) if (words[i++].value === '--') break;
    } else if (program === 'gosu' || program === 'su-exec') {
      i += 2;
    } else if (RUNNERS.has(program) && words[i + 1]?.value === 'run') {
      i += 2;
      while (words[i]?.value.startsWith('-')) i++;
    } else if (program === 'newrelic-admin' && words[i + 1]?.value === 'run-program') {
      i += 2;
    } else if (program === 'opentelemetry-instrument') {
      i++;
      while (words[i]?.value.startsWith('--')) i += words[i].value.includes('=') ? 1 : 2;
    } else if (/^python[0-9.]*$/.test(program)) {
      let j = i + 1;
      while (words[j] && /^-[^m-]/.test(words[j].value)) j++;
      if (words[j]?.value !== '-m' || !words[j + 1]) return [words.slice(i)];
      i = j + 1;
    } else if (SHELLS.has(program)) {
      let j = i + 1;
      while (words[j] && words[j].value.startsWith('-') && !isCommandOption(words[j].value)) j++;
      if (!words[j] || !words[j + 1]) return [words.slice(i)];
      return wordScript(text, words[j + 1]).flatMap((command) => unwrap(text, command));
    } else {
      return [words.slice(i)];
    }
  }
}

function optionValue(words: Word[], names: string[], shortName?: string): Word | undefined {
  for (let i = 0; i < words.length; i++) {
    const value = words[i].value;
    if (names.includes(value) || value === shortName) return words[i + 1];
    const eq = names.find((name) => value.startsWith(`${name}=`));
    if (eq) return { ...words[i], value: value.slice(eq.length + 1), exact: false };
    if (shortName && value.startsWith(shortName) && value.length > shortName.length) return { ...words[i], value: value.slice(shortName.length), exact: false };
  }
  return undefined;
}

/** The word groups that turn on reloading: the flag itself and the options that only matter with it. */
function reloadGroups(words: Word[], withValue: string[]): Word[][] {
  const groups: Word[][] = [];
  for (let i = 0; i < words.length; i++) {
    const value = words[i].value;
    if (value === '--reload') groups.push([words[i]]);
    else if (withValue.some((name) => value.startsWith(`${name}=`))) groups.push([words[i]]);
    else if (withValue.includes(value) && words[i + 1]) groups.push([words[i], words[++i]]);
  }
  return groups;
}

const UVICORN_RELOAD = ['--reload-dir', '--reload-include', '--reload-exclude', '--reload-delay'];
const GUNICORN_RELOAD = ['--reload-engine', '--reload-extra-file'];

/** What one unwrapped command runs, or undefined when it is not a server stacklint knows (a script, a shell, `alembic`). */
export function classify(words: Word[], exec: boolean, gunicornEnv: boolean): ServerCommand | undefined {
  if (words.length === 0) return undefined;
  const program = programName(words[0].value);
  const make = (kind: ServerKind, count: number, label: string, reload: Word[][] = [], port?: string): ServerCommand =>
    ({ kind, program: words.slice(0, count), label, reload, port, exec, words });
  const subcommand = words[1]?.value;
  const port = optionValue(words, ['--port'])?.value;
  if (program === 'uvicorn') return make('uvicorn', 1, 'uvicorn', reloadGroups(words, UVICORN_RELOAD), port);
  if (program === 'gunicorn') {
    const bind = optionValue(words, ['--bind'], '-b')?.value;
    const boundPort = bind && /:(\d+)$/.exec(bind)?.[1];
    const worker = optionValue(words, ['--worker-class'], '-k')?.value;
    const reload = reloadGroups(words, GUNICORN_RELOAD);
    if (worker && /uvicorn/i.test(worker)) return make('gunicorn-uvicorn', 1, 'gunicorn', reload, boundPort || undefined);
    // A config file or GUNICORN_CMD_ARGS may set the worker class where this rule cannot see it.
    if (optionValue(words, ['--config'], '-c') || gunicornEnv) return undefined;
    return make('gunicorn-sync', 1, worker ? `gunicorn with \`${worker}\` workers` : 'gunicorn with its default sync workers', reload, boundPort || undefined);
  }
  if (program === 'fastapi' && subcommand === 'run') return make('fastapi-run', 2, 'fastapi run', reloadGroups(words, []), port);
  if (program === 'fastapi' && subcommand === 'dev') return make('dev-server', 2, '`fastapi dev` (reloading development server)');
  if (program === 'flask' && subcommand === 'run') return make('dev-server', 2, '`flask run` (Flask\'s development server)');
  if ((program === 'django-admin' && subcommand === 'runserver') || (/^python[0-9.]*$/.test(program) && /(^|\/)manage\.py$/.test(subcommand ?? '') && words[2]?.value === 'runserver')) {
    return make('dev-server', program === 'django-admin' ? 2 : 3, '`runserver` (Django\'s development server)');
  }
  if (OTHER_SERVERS.has(program)) return make('other-server', 1, program, program === 'hypercorn' ? reloadGroups(words, []) : [], port);
  return undefined;
}

/** The final image's CMD and ENTRYPOINT as Docker resolves them across the stages it is built from. */
export interface Launch {
  entrypoint?: Entrypoint;
  cmd?: Cmd;
}

export function finalLaunch(file: DockerfileFile): Launch {
  const launch: Launch = {};
  for (const stage of file.finalChain) {
    let cmdHere = false;
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'CMD') {
        launch.cmd = instruction as Cmd;
        cmdHere = true;
      } else if (keyword === 'ENTRYPOINT') {
        launch.entrypoint = instruction as Entrypoint;
        // Docker: setting ENTRYPOINT resets a CMD inherited from the base image.
        if (!cmdHere) launch.cmd = undefined;
      }
    }
  }
  return launch;
}

/**
 * The servers the final image starts. An ENTRYPOINT script cannot be seen:
 * the CMD is then read as the arguments it usually `exec`s ("$@"), and only
 * when it names a known server.
 */
export function finalServers(file: DockerfileFile): ServerCommand[] {
  const { entrypoint, cmd } = finalLaunch(file);
  const gunicornEnv = file.finalInstructions().some(({ instruction }) =>
    instruction.getKeyword() === 'ENV' && /\bGUNICORN_CMD_ARGS\b/.test(instruction.getArgumentsContent() ?? ''));
  const servers = (instruction: JSONInstruction, prefix: Word[] = []) => {
    const { form, commands } = instructionCommands(file, instruction);
    return commands.flatMap((words) => unwrap(file.text, [...prefix, ...words]))
      .map((words) => classify(words, form === 'exec', gunicornEnv))
      .filter((server): server is ServerCommand => server !== undefined);
  };
  if (!entrypoint) return cmd ? servers(cmd) : [];
  const { form, commands } = instructionCommands(file, entrypoint);
  if (form === 'shell') return servers(entrypoint);
  const joined = cmd && instructionCommands(file, cmd).form === 'exec' ? servers(cmd, commands[0]) : servers(entrypoint);
  if (joined.length > 0 || !cmd) return joined;
  return servers(cmd);
}

/** `-c`, `-ec`, `-xec`: a shell's option cluster that takes a command string (checked without a backtracking pattern). */
function isCommandOption(value: string): boolean {
  return /^-[a-z]+$/.test(value) && value.includes('c');
}
