/**
 * ## What it does
 * Flags a final image that starts a development server: `--reload` on
 * uvicorn, gunicorn, `fastapi run` or hypercorn, and `fastapi dev`,
 * `flask run` and Django's `runserver`. Only the final stage counts: a
 * `dev` stage picked with `docker build --target dev` is not reported. An
 * `ENTRYPOINT` script cannot be read: a `CMD` it runs is checked when it
 * names a server.
 *
 * ## Why is this bad?
 * The standard never runs a development server in production (§2.8).
 * `--reload` watches the file system and restarts on every change, runs a
 * single worker whatever `--workers` says, and costs CPU in a container
 * whose code never changes.
 *
 * ## Example
 * ```dockerfile
 * CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
 * ```
 *
 * For development, override the command in `compose.override.yml` (or
 * build a `dev` target) instead of shipping it in the image.
 *
 * The fix removes `--reload` with the options that only work with it
 * (`--reload-dir`, `--reload-include`, `--reload-exclude`, `--reload-delay`,
 * gunicorn's `--reload-engine`, `--reload-extra-file`). It is unsafe: a
 * development setup that mounts the source into the container stops
 * reloading, and `--workers` starts to apply.
 */
import type { Fix } from '../../core/types';
import { removeWords } from '../edits';
import type { DockerfileFile } from '../file';
import { defineDockerfileRule } from '../rule';
import { finalServers, type ServerCommand } from '../server';

export default defineDockerfileRule({
  meta: {
    id: 'dev-server-in-container',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: 'a final `CMD`/`ENTRYPOINT` that runs a development server (`--reload`, `fastapi dev`, `flask run`, `runserver`)',
    sections: ['§2.8'],
  },
  check(file, report) {
    for (const server of finalServers(file)) {
      if (server.kind === 'dev-server') {
        const first = server.program[0];
        const last = server.program[server.program.length - 1];
        report({
          range: file.range(first.start, last.end),
          message: `The image runs ${server.label}; never a development server in production, run \`uvicorn\` (§2.8)`,
        });
      }
      const reloads = server.reload.filter((group) => group[0].value === '--reload');
      if (reloads.length === 0) continue;
      const fix = dropReload(file, server);
      for (const group of reloads) {
        report({
          range: file.range(group[0].start, group[0].end),
          message: `\`--reload\` runs ${server.label} as a development server; never in production (§2.8)`,
          fix,
        });
      }
    }
  },
});

function dropReload(file: DockerfileFile, server: ServerCommand): Fix | undefined {
  // Options next to each other go in one edit, so no two edits claim the blank between them.
  const indices = server.reload.flat().map((word) => server.words.indexOf(word)).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indices) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === index - 1) run.push(index);
    else runs.push([index]);
  }
  const edits = runs.map((run) => removeWords(file, server.words, run.map((index) => server.words[index])));
  if (edits.some((edit) => edit === undefined)) return undefined;
  return { title: 'Remove `--reload`', safe: false, edits: edits.filter((edit) => edit !== undefined) };
}
