import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';

/**
 * `pre-commit try-repo` against this repository (Debian's pre-commit, which
 * .ci/run installs): pre-commit clones it, installs it with npm (`npm install`,
 * whose `prepare` builds, then `npm pack` and a global install of the
 * tarball) and runs the hook on the staged files. The clone is local, so the
 * npm registry is the only network used.
 */
describe('pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(1_200_000);
  const temp = useTempDir('precommit', 'suite');

  const git = (...args: string[]) => execFileSync('git', args, { cwd: temp.path, encoding: 'utf8', stdio: 'pipe' });
  const tryRepo = () => {
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    // Cached packages are used without asking the registry again; anything missing is still fetched.
    const env = { ...process.env, npm_config_prefer_offline: 'true', PRE_COMMIT_COLOR: 'never' };
    return spawnSync('pre-commit', ['try-repo', REPO, 'stacklint', '--ref', rev], { cwd: temp.path, encoding: 'utf8', env, timeout: 900_000 });
  };

  it('every locked package comes from the npm registry, none from GitHub', () => {
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const elsewhere = Object.entries(lock.packages).filter(([, p]) => p.resolved && !p.resolved.startsWith('https://registry.npmjs.org/'));
    assert.deepEqual(elsewhere, []);
  });

  it('fails on a staged print, and passes once the staged line is fixed', () => {
    git('init', '-q', '.');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    writeFileSync(join(temp.path, 'app.py'), 'import logging\n\n\ndef main():\n    print("started")\n');
    git('add', 'app.py');
    const failing = tryRepo();
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /stacklint\.+Failed/);
    assert.match(failing.stdout, /^app\.py:5:5: warning print-call /m);

    writeFileSync(join(temp.path, 'app.py'), 'import logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef main():\n    LOG.info("started")\n');
    git('add', 'app.py');
    const passing = tryRepo();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /stacklint\.+Passed/);
  });
});
