import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'smol-toml';
import { defaultConfig } from '../../server/src/core/config';
import { lintText } from '../../server/src/engine/lint';
import { parsePolicyText } from '../../server/src/policy/parse';
import { type JsonFinding, lintJson, runCli as run } from '../support/cli';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';

const SCHEMA = JSON.parse(readFileSync(join(REPO, 'policy', 'policy.schema.json'), 'utf8'));
const DEFAULT = readFileSync(join(REPO, 'policy', 'default.toml'), 'utf8');
const TEAM = join(REPO, 'test', 'fixtures', 'policy', 'team');

const brief = (findings: JsonFinding[]) => findings.map((f) => `${f.file.split('/').slice(-2).join('/')}:${f.line} ${f.rule}`);

describe('policy files', function () {
  this.timeout(60_000);
  const temp = useTempDir('policy');
  const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

  it('the JSON schema validates the shipped default policy and the team example', () => {
    for (const text of [DEFAULT, readFileSync(join(TEAM, 'stack.toml'), 'utf8')]) {
      assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
    }
  });

  it('the schema and the reader reject the same broken files', () => {
    const broken = [
      '[packages.flask]\nstatus = "forbidden"\nsection = "§2.1"\n',
      '[packages.flask]\nstatus = "banned"\nsection = "2.1"\n',
      '[packages.flask]\nstatus = "banned"\nsection = "§2.1"\ndropin = true\n',
      '[packages.fastapi]\nminimum = "latest"\n',
      '[python]\nmin = "three"\n',
      'colour = "blue"\n',
      '[dev-tools]\nnames = "pytest"\n',
      'environment = ["not a name!"]\n',
    ];
    for (const text of broken) {
      assert.equal(validate(parse(text)), false, `schema accepts ${text}`);
      assert.ok(parsePolicyText(text).problems.length > 0, `reader accepts ${text}`);
    }
    assert.deepEqual(parsePolicyText(DEFAULT).problems, []);
  });

  it('the default policy gives exactly the findings of the compiled-in table on the example and the fixtures', () => {
    const golden = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'policy', 'default-findings.json'), 'utf8')) as JsonFinding[];
    const files = [...new Set(golden.map((f) => f.file))];
    const strip = (findings: JsonFinding[]) => findings.map(({ fixable: _fixable, ...rest }) => rest);
    assert.deepEqual(strip(lintJson(REPO, ...files)), golden);
    // Naming the shipped file explicitly (by absolute path, as a file shared by repositories) changes nothing either.
    cpSync(join(REPO, 'examples'), join(temp.path, 'examples'), { recursive: true });
    const pyproject = join(temp.path, 'examples', 'legacy-service', 'pyproject.toml');
    writeFileSync(pyproject, `${readFileSync(pyproject, 'utf8')}policy = ${JSON.stringify(join(REPO, 'policy', 'default.toml'))}\n`);
    const named = lintJson(temp.path, 'examples');
    assert.deepEqual(strip(named), golden.filter((f) => f.file.startsWith('examples/')));
  });

  it('a team policy that bans a package, replaces another and raises a floor changes what the CLI reports and fixes', () => {
    const copy = join(temp.path, 'team');
    cpSync(TEAM, copy, { recursive: true });
    const team = lintJson(temp.path, 'team');
    assert.deepEqual(brief(team), [
      'app/main.py:1 off-stack-import',
      'team/requirements.txt:1 below-stack-version',
      'team/requirements.txt:2 off-stack-dependency',
      'team/requirements.txt:3 off-stack-dependency',
    ]);
    assert.match(team[1].message, /below the stack's minimum 0\.110\.0 \(§2\.1\)/);
    assert.match(team[2].message, /requests is banned by the stack \(the company standard is httpx\); use httpx \(§2\.5\)/);
    // Without the policy key, the default policy finds nothing.
    writeFileSync(join(copy, 'pyproject.toml'), readFileSync(join(copy, 'pyproject.toml'), 'utf8').replace(/^policy = .*$/m, ''));
    assert.deepEqual(lintJson(temp.path, 'team'), []);

    cpSync(join(TEAM, 'pyproject.toml'), join(copy, 'pyproject.toml'));
    run(temp.path, 'team', '--fix', '--unsafe-fixes');
    // requests is not a drop-in for httpx: it stays; psycopg2 → psycopg2-binary keeps its pin; fastapi moves to the team's pin.
    assert.equal(readFileSync(join(copy, 'requirements.txt'), 'utf8'), 'fastapi==0.110.0\nrequests==2.31.0\npsycopg2-binary==2.9.9\nhttpx==0.25.0\n');
  });

  it('a broken policy file is an error on that file and on the policy key, and the default policy applies', () => {
    const copy = join(temp.path, 'team');
    cpSync(TEAM, copy, { recursive: true });
    const policy = join(copy, 'stack.toml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('status = "banned"', 'status = "forbidden"'));
    const result = run(temp.path, 'team', '--format', 'json');
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [f.file.replace(temp.path, ''), f.line, f.column, f.rule, f.severity]),
      [
        ['team/pyproject.toml', 7, 1, 'invalid-configuration', 'error'],
        ['team/stack.toml', 7, 1, 'invalid-configuration', 'error'],
      ],
    );
    assert.match(findings[0].message, /policy: .*stack\.toml has 1 problem; the default policy applies/);
    assert.match(findings[1].message, /Invalid stacklint policy: packages\.requests\.status must be one of standard, banned, discouraged; the row is ignored/);
    assert.equal(result.code, 1);

    writeFileSync(policy, '[packages.flask\nstatus = "banned"\n');
    const syntax = lintJson(temp.path, 'team');
    assert.deepEqual(brief(syntax), ['team/pyproject.toml:7 invalid-configuration', 'team/stack.toml:1 invalid-configuration']);
    assert.match(syntax[1].message, /not valid TOML/);

    writeFileSync(join(copy, 'pyproject.toml'), '[tool.stacklint]\npolicy = "missing.toml"\n');
    const missing = lintJson(temp.path, 'team');
    assert.deepEqual(brief(missing), ['team/pyproject.toml:2 invalid-configuration']);
    assert.match(missing[0].message, /missing\.toml cannot be read/);
  });

  it('a policy can extend another by path, and a cycle is reported', () => {
    temp.write('company.toml', 'extends = "default"\n[packages.requests]\nstatus = "banned"\nsection = "§2.5"\nreplacement = "httpx"\n');
    temp.write('svc/stack.toml', 'extends = "../company.toml"\n[packages.fastapi]\nminimum = "0.110.0"\n');
    temp.write('svc/pyproject.toml', '[tool.stacklint]\npolicy = "stack.toml"\n');
    temp.write('svc/requirements-dev.txt', 'requests==2.31.0\nfastapi==0.104.0\n');
    assert.deepEqual(brief(lintJson(temp.path, 'svc')), [
      'svc/requirements-dev.txt:1 off-stack-dependency',
      'svc/requirements-dev.txt:2 below-stack-version',
    ]);
    temp.write('company.toml', 'extends = "svc/stack.toml"\n');
    const cycle = lintJson(temp.path, 'svc');
    assert.deepEqual(brief(cycle), ['company.toml:1 invalid-configuration', 'svc/pyproject.toml:2 invalid-configuration', 'svc/stack.toml:1 invalid-configuration']);
    assert.match(cycle[1].message, /is a cycle/);
  });
});

describe('dependency fixes never make things worse', () => {
  const root = '/project';
  const fixesOf = (text: string) =>
    lintText(`${root}/requirements-dev.txt`, text, defaultConfig(root)).flatMap((finding) => (finding.fix ? [`${finding.rule}: ${finding.fix.title}${finding.fix.safe ? '' : ' [unsafe]'}`] : []));

  it('replaces only drop-ins, keeps a pin at the reference pin and says the pin changes', () => {
    assert.deepEqual(fixesOf('nose2==0.14.0\nyapf>=0.40\nautopep8==2.0.4\npsycopg[binary]>=3.3.4,<4\naiohttp==3.9.1\nflask==3.0.0\npytz==2023.3\n'), [
      'off-stack-dependency: Replace nose2==0.14.0 with pytest==7.4.3 (changes what this file pins) [unsafe]',
      'off-stack-dependency: Replace yapf with black [unsafe]',
    ]);
  });

  it('a raise of a pinned version says the pin changes', () => {
    assert.deepEqual(fixesOf('fastapi==0.95.2\npydantic>=1.10\n'), [
      'below-stack-version: Raise fastapi to 0.104.0 (changes the pin 0.95.2 → 0.104.0) [unsafe]',
      'below-stack-version: Raise pydantic to >=2.0 [unsafe]',
    ]);
  });
});
