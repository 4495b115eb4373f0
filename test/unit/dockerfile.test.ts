import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { defaultConfig } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/types';
import { disableEdit } from '../../server/src/dockerfile/comments';
import { DockerfileFile } from '../../server/src/dockerfile/file';
import { dockerfileModule } from '../../server/src/dockerfile/module';
import { shellCommands } from '../../server/src/dockerfile/shell';
import { applyEdits, fixAll } from '../../server/src/engine/fixes';
import { lintText } from '../../server/src/engine/lint';
import { moduleFor } from '../../server/src/engine/registry';
import { FIXTURES } from '../support/fixtures';
import { lineAndRule, lintOrFail } from '../support/lint';
import { filesUnder } from '../support/ruleDocs';

const ROOT = '/project';
const GOOD_TAIL = [
  'HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"',
  'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
].join('\n');

function lint(text: string, name = 'Dockerfile'): Finding[] {
  return lintOrFail(`${ROOT}/${name}`, text, defaultConfig(ROOT));
}

/** Lints the lines followed by a compliant tail (a health check and a uvicorn CMD) and expects these `line:rule` findings. */
function assertFindings(lines: string[], expected: string[]): void {
  assert.deepEqual(lineAndRule(lint([...lines, GOOD_TAIL].join('\n'))), expected);
}

describe('Dockerfile module', () => {
  it('lints Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile, and buffers with the dockerfile language', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'worker.dockerfile', 'Containerfile', 'Containerfile.dev', 'svc/deploy/Dockerfile']) {
      assert.equal(moduleFor(`${ROOT}/${name}`)?.kind, 'dockerfile', name);
    }
    for (const name of ['docker-compose.yml', 'Dockerfile-dev.md.txt', 'dockerfiles/README.md', 'mydockerfile']) {
      assert.notEqual(moduleFor(`${ROOT}/${name}`)?.kind, 'dockerfile', name);
    }
    assert.equal(moduleFor(`${ROOT}/deploy/prod`, 'dockerfile')?.kind, 'dockerfile');
  });

  it('splits shell text into commands and words: quotes, operators, continuations, comments, redirections', () => {
    const text = 'RUN a "b c" \\\n# dropped by Docker\n  d>/dev/null && e \'f\'; g 2>&1 | h # tail';
    const words = shellCommands(text, 4, text.length, { continuation: '\\' }).map((command) => command.map((word) => word.value));
    assert.deepEqual(words, [['a', 'b c', 'd'], ['e', 'f'], ['g'], ['h']]);
  });

  it('follows stages: the final image is the last stage and the stages it is built on', () => {
    const file = new DockerfileFile('/p/Dockerfile', 'ARG V=3.11\nFROM python:${V} AS base\nFROM node:20 AS web\nFROM base AS final\n');
    assert.deepEqual(file.finalChain.map((stage) => stage.name), ['base', 'final']);
    assert.equal(file.expandGlobal('python:${V}-slim'), 'python:3.11-slim');
    assert.equal(file.expandGlobal('python:${MISSING}'), undefined);
    assert.equal(file.expandGlobal('python:${MISSING:-3.12}'), 'python:3.12');
  });

  it('reads the allowed Pythons from the configuration: `[tool.stacklint.python]` min 3.12 makes 3.11 off the stack', () => {
    const config = { ...defaultConfig(ROOT), python: { min: '3.12', max: '3.12' } };
    const text = `FROM python:3.11-slim\n${GOOD_TAIL}\n`;
    assert.deepEqual(lineAndRule(lint(text)), []);
    const findings = lintText(`${ROOT}/Dockerfile`, text, config);
    assert.deepEqual(lineAndRule(findings), ['1:off-stack-base-image']);
    assert.match(findings[0].message, /Python 3\.11 is outside the standard's 3\.12–3\.12; use `python:3\.12-slim`/);
    assert.equal(findings[0].fix?.edits[0].newText, 'python:3.12-slim');
  });

  it('a `# stacklint: disable=` line above an instruction silences it on every line of it', () => {
    assertFindings([
      '# stacklint: disable=off-stack-base-image',
      'FROM python:3.9',
      'RUN apt-get update && \\',
      '    pip install -r requirements.txt',
      '# stacklint: disable=pip-no-cache-dir',
      'RUN apt-get update && \\',
      '    pip install -r requirements.txt',
    ], ['4:pip-no-cache-dir']);
  });

  it('a comment at the end of a shell-form RUN silences it; one that silences nothing is reported', () => {
    assertFindings([
      'FROM python:3.11-slim',
      'RUN pip install -r requirements.txt  # stacklint: disable=pip-no-cache-dir',
      '# stacklint: disable=secret-in-dockerfile',
      'ENV DEBUG=1',
    ], ['3:unused-suppression']);
  });

  it('`disable-file` in the leading comments silences the rule in the whole file', () => {
    assertFindings(['# syntax=docker/dockerfile:1', '# stacklint: disable-file=pip-no-cache-dir', 'FROM python:3.11-slim', 'RUN pip install -r a.txt', 'RUN pip install -r b.txt'], []);
  });

  it('"Disable for this line" writes a comment line above the instruction, or extends one', () => {
    const text = 'FROM python:3.11-slim\nRUN apt-get update && \\\n    pip install -r requirements.txt\n';
    const edit = disableEdit(new DockerfileFile('/p/Dockerfile', text), 2, 'pip-no-cache-dir');
    assert.ok(edit);
    const once = applyEdits(text, [edit]);
    assert.equal(once, 'FROM python:3.11-slim\n# stacklint: disable=pip-no-cache-dir\nRUN apt-get update && \\\n    pip install -r requirements.txt\n');
    const again = dockerfileModule.disableEdit?.(once, 3, 'pip-install-ad-hoc');
    assert.ok(again);
    assert.match(applyEdits(once, [again]), /^# stacklint: disable=pip-no-cache-dir,pip-install-ad-hoc$/m);
  });

  it('a CRLF Dockerfile gets the same findings, and fixes that keep CRLF', () => {
    const lf = 'FROM python:3.11-slim\nRUN pip install -r requirements.txt\nCMD ["uvicorn", "app:app", "--reload"]\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(lint(crlf).map((f) => [f.rule, f.range]), lint(lf).map((f) => [f.rule, f.range]));
    const fixed = fixAll(`${ROOT}/Dockerfile`, crlf, defaultConfig(ROOT), { unsafe: true }).text;
    assert.ok(!/[^\r]\n/.test(fixed), `every line break stays CRLF: ${JSON.stringify(fixed)}`);
    assert.equal(fixed.replace(/\r\n/g, '\n'), fixAll(`${ROOT}/Dockerfile`, lf, defaultConfig(ROOT), { unsafe: true }).text);
  });

  it('never throws on any prefix of the fixtures, nor on random text', function () {
    this.timeout(60_000);
    const fixtures = filesUnder(`${FIXTURES}/dockerfile`).filter((path) => !path.endsWith('.fixed'));
    for (const path of fixtures) {
      const text = readFileSync(path, 'utf8');
      for (let end = 0; end <= text.length; end += 7) lint(text.slice(0, end));
    }
    const pieces = fc.constantFrom('FROM ', 'python:3.11', ' AS b', 'RUN ', 'CMD ', '[', ']', '"', "'", ',', '\\', '\n', ' ', '<<EOF', 'EOF', 'pip install ', '-r', 'ENV A=', '${X', '}', '# stacklint: disable', 'sh -c ', 'uvicorn --reload', 'HEALTHCHECK NONE', '`');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
      lint(parts.join(''));
    }), { numRuns: 400 });
  });
});
