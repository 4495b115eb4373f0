/**
 * ## What it does
 * Flags a final image whose `CMD`/`ENTRYPOINT` starts a server other than
 * uvicorn: gunicorn without uvicorn workers, hypercorn, daphne,
 * waitress-serve, granian; and a final image on the python image with no
 * `CMD` or `ENTRYPOINT` at all (it would start a Python prompt). uvicorn is
 * recognized however it is launched: exec or shell form, `python -m`,
 * `sh -c "..."`, `exec`, `tini --`, `poetry run`/`uv run`, and
 * `fastapi run` (uvicorn underneath). An `ENTRYPOINT` script cannot be read:
 * its `CMD` is checked only when it names a server, and otherwise the rule
 * stays quiet, as it does for `python main.py` (the script may call
 * `uvicorn.run`). gunicorn with `-c`/`--config` or `GUNICORN_CMD_ARGS` may
 * set its worker class there and is not reported.
 *
 * ## Why is this bad?
 * The standard serves every FastAPI service with uvicorn, or under high load
 * gunicorn with uvicorn workers (§2.8). gunicorn's default sync workers
 * cannot run an ASGI application at all, and the other servers are
 * alternatives the standard does not support.
 *
 * ## Example
 * ```dockerfile
 * CMD ["gunicorn", "app.main:app", "--workers", "4", "--bind", "0.0.0.0:8010"]
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * CMD ["gunicorn", "app.main:app", "--workers", "4", "--worker-class", "uvicorn.workers.UvicornWorker", "--bind", "0.0.0.0:8010"]
 * ```
 */
import { isOfficialPython, parseImageReference } from '../image';
import { defineDockerfileRule } from '../rule';
import { finalLaunch, finalServers } from '../server';

export default defineDockerfileRule({
  meta: {
    id: 'off-stack-server',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: false,
    summary: 'a final `CMD`/`ENTRYPOINT` that runs a server other than uvicorn (or gunicorn with uvicorn workers), or none at all',
    sections: ['§2.8'],
  },
  check(file, report) {
    const stage = file.finalStage;
    if (!stage) return;
    for (const server of finalServers(file)) {
      if (server.kind !== 'gunicorn-sync' && server.kind !== 'other-server') continue;
      const first = server.program[0];
      const last = server.program[server.program.length - 1];
      const advice = server.kind === 'gunicorn-sync'
        ? 'add `--worker-class uvicorn.workers.UvicornWorker`'
        : 'run `uvicorn` (or gunicorn with uvicorn workers)';
      report({ range: file.range(first.start, last.end), message: `The image serves with ${server.label}; ${advice} (§2.8)` });
    }
    const { cmd, entrypoint } = finalLaunch(file);
    const root = file.finalChain[0].from.getImage();
    const image = root ? file.expandGlobal(root) : undefined;
    if (!cmd && !entrypoint && image !== undefined && isOfficialPython(parseImageReference(image))) {
      const range = stage.from.getRange();
      report({
        range: { start: range.start, end: { line: range.start.line, character: file.lines.lineText(range.start.line).length } },
        message: 'The final image has no CMD or ENTRYPOINT and would start a Python prompt; run the service with `uvicorn` (§2.8)',
      });
    }
  },
});
