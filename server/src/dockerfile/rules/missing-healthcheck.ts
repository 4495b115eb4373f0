/**
 * ## What it does
 * Flags a final image without a `HEALTHCHECK`, or whose healthcheck is
 * turned off with `HEALTHCHECK NONE`. A healthcheck in a stage the final one
 * is built on (`FROM base`) counts, as Docker inherits it; one in a builder
 * stage does not. A healthcheck inherited from a base image other than the
 * official python image cannot be seen (`off-stack-base-image` reports that
 * base).
 *
 * ## Why is this bad?
 * Without a healthcheck, Docker, Compose and Swarm report a container whose
 * server hangs or never finished starting as running. The standard's
 * Dockerfile (§2.7) declares one against the service's `/health` endpoint
 * (§2.1).
 *
 * ## Example
 * ```dockerfile
 * FROM python:3.11-slim
 * COPY app/ ./app/
 * CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8010"]
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * FROM python:3.11-slim
 * COPY app/ ./app/
 * HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 \
 *   CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8010/health', timeout=3)"
 * CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8010"]
 * ```
 *
 * The fix inserts that healthcheck before the final stage's `CMD` (or
 * `ENTRYPOINT`), on the port the server command or `EXPOSE` names (8000,
 * uvicorn's default, otherwise). It uses the standard library's `urllib`
 * rather than §2.7's `requests`, which fails on HTTP errors and needs no
 * package. It is unsafe: the image needs `python` on its PATH and a
 * `/health` endpoint.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileFile, Stage } from '../file';
import { finalLaunch, finalServers } from '../server';
import { defineDockerfileRule } from '../rule';

export default defineDockerfileRule({
  meta: {
    id: 'missing-healthcheck',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: 'a final image without a `HEALTHCHECK` (or with `HEALTHCHECK NONE`)',
    sections: ['§2.7'],
  },
  check(file, report) {
    const stage = file.finalStage;
    if (!stage) return;
    const healthchecks = file.finalInstructions().filter(({ instruction }) => instruction.getKeyword() === 'HEALTHCHECK');
    const last = healthchecks[healthchecks.length - 1]?.instruction;
    const disabled = last && /^none$/i.test(last.getArguments()[0]?.getValue() ?? '');
    if (last && !disabled) return;
    const range = disabled ? last.getRange() : stage.from.getRange();
    const fromLine = file.lines.lineText(range.start.line);
    report({
      range: disabled ? range : { start: range.start, end: { line: range.start.line, character: fromLine.length } },
      message: disabled
        ? '`HEALTHCHECK NONE` turns the health check off; the standard checks `/health` (§2.7)'
        : 'The final image has no HEALTHCHECK; add one that checks the service\'s `/health` endpoint (§2.7)',
      fix: disabled ? undefined : {
        title: 'Add the standard HEALTHCHECK',
        // Unsafe: the image must have python on its PATH and serve /health.
        safe: false,
        edits: [insertion(file, stage)],
      },
    });
  },
});

function healthcheckText(file: DockerfileFile, port: string): string {
  const url = `http://localhost:${port}/health`;
  return `HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 ${file.escape}\n`
    + `  CMD python -c "import urllib.request; urllib.request.urlopen('${url}', timeout=3)"\n`;
}

function port(file: DockerfileFile): string {
  const fromServer = finalServers(file).map((server) => server.port).find((value) => value && /^\d+$/.test(value));
  if (fromServer) return fromServer;
  for (const { instruction } of file.finalInstructions()) {
    if (instruction.getKeyword() !== 'EXPOSE') continue;
    const exposed = instruction.getArguments().map((arg) => /^(\d+)(\/tcp)?$/.exec(arg.getValue())?.[1]).find(Boolean);
    if (exposed) return exposed;
  }
  return '8000';
}

/** Before the final stage's CMD or ENTRYPOINT (with the comments right above it), else after its last instruction. */
function insertion(file: DockerfileFile, stage: Stage) {
  const { cmd, entrypoint } = finalLaunch(file);
  const own = [cmd, entrypoint].filter((instruction): instruction is NonNullable<typeof instruction> =>
    instruction !== undefined && stage.instructions.includes(instruction as Instruction));
  const text = healthcheckText(file, port(file));
  if (own.length > 0) {
    const first = Math.min(...own.map((instruction) => instruction.getRange().start.line));
    let line = first;
    while (line > 0 && /^\s*#/.test(file.lines.lineText(line - 1)) && !file.isDirectiveLine(line - 1)) line--;
    const at = { line, character: 0 };
    // In a Dockerfile written in paragraphs, the healthcheck gets its own.
    const paragraph = line > 0 && file.lines.lineText(line - 1).trim() === '';
    return { range: { start: at, end: at }, newText: paragraph ? `${text}\n` : text };
  }
  const lastInstruction = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const endLine = lastInstruction.getRange().end.line;
  const lineEnd = { line: endLine, character: file.lines.lineText(endLine).length };
  const hasBreak = endLine + 1 < file.lines.lineCount;
  return hasBreak
    ? { range: { start: { line: endLine + 1, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: text }
    : { range: { start: lineEnd, end: lineEnd }, newText: `\n${text.replace(/\n$/, '')}` };
}
