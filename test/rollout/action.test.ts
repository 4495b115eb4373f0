import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CompositeRunner, readAction } from '../support/action';
import { REPO } from '../support/fixtures';
import { sarifValidator } from '../support/sarif';

/** The repository's tracked files as they are in the work tree: what `uses: stacklint/stacklint@ref` checks out. */
function checkout(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    try {
      copyFileSync(join(REPO, file), join(target, file));
    } catch {
      // Deleted in the work tree but not yet committed.
    }
  }
}

describe('the GitHub Action (action.yml), its steps run locally', function () {
  this.timeout(900_000);
  let root = '';
  let actionPath = '';
  const action = readAction(REPO);
  const validate = sarifValidator();

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'stacklint-action-'));
    actionPath = join(root, 'action');
    checkout(actionPath);
    // The install step, once for all the runs below: npm ci in the action's own checkout.
    const install = action.runs.steps.find((step) => step.name === 'Install stacklint')!;
    const result = new CompositeRunner(action, actionPath, root, {}).run(install, join(root, 'install-output'));
    assert.equal(result.status, 0, result.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function workspace(name: string): string {
    const dir = join(root, name);
    cpSync(join(REPO, 'examples', 'legacy-service'), dir, { recursive: true });
    return dir;
  }

  function lint(dir: string, inputs: Record<string, string> = {}) {
    const runner = new CompositeRunner(action, actionPath, dir, inputs);
    const output = join(dir, '.github-output');
    writeFileSync(output, '');
    const step = action.runs.steps.find((s) => s.id === 'lint')!;
    const result = runner.run(step, output);
    return { ...result, runner, annotations: result.stdout.split('\n').filter((line) => line.startsWith('::')) };
  }

  it('is a composite that sets up Node, installs from its own checkout and uploads SARIF only when asked', () => {
    assert.equal(action.runs.using, 'composite');
    const [setup, install, , upload] = action.runs.steps;
    assert.match(setup.uses ?? '', /^actions\/setup-node@v\d+$/);
    assert.equal(install['working-directory'], '${{ github.action_path }}');
    assert.match(install.run ?? '', /^npm ci\b/);
    assert.match(upload.uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.match(upload.if ?? '', /inputs\.upload-sarif == 'true'/);
    assert.equal(upload.with?.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
  });

  it('on the example service: fails, prints annotations and writes a valid SARIF log', () => {
    const dir = workspace('plain');
    const result = lint(dir);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(result.annotations.length > 10, result.stdout);
    assert.ok(result.annotations.includes(
      '::warning file=app/main.py,line=28,col=5,endLine=28,endColumn=11,title=stacklint bare-except::Bare `except:` catches everything, including KeyboardInterrupt; catch a specific exception (§7)',
    ), result.annotations.join('\n'));
    const sarifPath = result.runner.outputs.lint['sarif-file'];
    assert.equal(sarifPath, join(dir, 'stacklint.sarif'));
    const log = JSON.parse(readFileSync(sarifPath, 'utf8'));
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.equal(log.runs[0].results.length, result.annotations.length);
    assert.equal(log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'bare-except').locations[0].physicalLocation.artifactLocation.uri, 'app/main.py');
    // The upload step's condition reads this output: it is the SARIF file.
    assert.equal(result.runner.expand('${{ steps.lint.outputs.sarif-file }}'), sarifPath);
  });

  it('honours the committed baseline: only a new finding fails, and the SARIF log holds only it', () => {
    const dir = workspace('baselined');
    execFileSync(process.execPath, [join(actionPath, 'bin', 'stacklint.js'), '--write-baseline'], { cwd: dir, stdio: 'pipe' });
    const quiet = lint(dir, { 'sarif-file': 'out/stacklint.sarif' });
    assert.equal(quiet.status, 0, quiet.stdout + quiet.stderr);
    assert.deepEqual(quiet.annotations, []);
    appendFileSync(join(dir, 'app', 'main.py'), '\nprint("new")\n');
    const fresh = lint(dir, { 'sarif-file': 'out/stacklint.sarif', 'fail-on': 'error' });
    assert.equal(fresh.status, 0, 'a warning does not fail with fail-on error');
    const failing = lint(dir, { 'sarif-file': 'out/stacklint.sarif' });
    assert.equal(failing.status, 1);
    assert.deepEqual(failing.annotations.map((a) => a.replace(/::[^:]*$/, '')), [`::warning file=app/main.py,line=${readFileSync(join(dir, 'app', 'main.py'), 'utf8').split('\n').length - 1},col=1,endLine=${readFileSync(join(dir, 'app', 'main.py'), 'utf8').split('\n').length - 1},endColumn=13,title=stacklint print-call`]);
    const log = JSON.parse(readFileSync(join(dir, 'out', 'stacklint.sarif'), 'utf8'));
    assert.ok(validate(log));
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['print-call']);
  });
});
