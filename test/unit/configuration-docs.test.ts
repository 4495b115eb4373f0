import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'smol-toml';
import { type JsonFinding, lintJson } from '../support/cli';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';

const DOC = readFileSync(join(REPO, 'docs', 'configuration.md'), 'utf8');
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'policy', 'policy.schema.json'), 'utf8'));

/** The ```toml block after `<!-- example: name -->`. */
function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\n\`\`\`toml\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  assert.ok(match, `no example ${name} in docs/configuration.md`);
  return match[1];
}

/** Findings as `file:line rule severity`. */
function verdicts(findings: JsonFinding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`);
}

describe('docs/configuration.md', function () {
  this.timeout(60_000);
  const temp = useTempDir('config-docs');

  it('documents every [tool.stacklint] key, every policy key and every row key', () => {
    const tableKeys = ['policy', 'disable', 'severity', 'per-file-ignores', 'tests', 'exclude', 'extend-allow', 'approved-deviations', 'minimum-versions', 'python', 'unsafe-fixes'];
    for (const key of tableKeys) assert.match(DOC, new RegExp(`\\| \`${key}\` \\|`), key);
    for (const key of Object.keys(SCHEMA.properties)) assert.match(DOC, new RegExp(`\\| \`(\\[)?${key.replace(/-/g, '\\-')}(\\.<name>|\\."<prefix>"|\\."<module>")?(\\])?\` \\|`), key);
    for (const key of Object.keys(SCHEMA.definitions.row.properties)) assert.match(DOC, new RegExp(`\\| \`${key}\` \\|`), key);
    for (const key of Object.keys(SCHEMA.properties.sections.properties)) assert.match(DOC, new RegExp(`\`${key}\``), key);
    // Every key the settings reader accepts is in the table (an unknown key would be reported).
    temp.write('pyproject.toml', `[tool.stacklint]\n${tableKeys.filter((k) => !['severity', 'per-file-ignores', 'approved-deviations', 'minimum-versions', 'python', 'policy', 'unsafe-fixes'].includes(k)).map((k) => `${k} = []`).join('\n')}\nunsafe-fixes = false\n`);
    temp.write('a.py', 'x = 1\n');
    assert.deepEqual(lintJson(temp.path, '.'), []);
  });

  it('the Litestar + msgspec policy is valid and changes the verdicts as the page says', () => {
    const policy = example('litestar-policy');
    assert.ok(new Ajv({ strict: true }).compile(SCHEMA)(parse(policy)));
    temp.write('requirements.txt', 'litestar==2.12.1\nmsgspec==0.18.6\nmultidict==6.1.0\nfastapi==0.110.0\npydantic==2.5.0\n');
    temp.write('app/main.py', 'import msgspec\nfrom litestar import Litestar, get\nfrom pydantic import BaseModel\n\n\n@get("/")\nasync def index() -> dict:\n    return {"ok": True}\n\n\napp = Litestar([index])\n');
    // Without the policy: Litestar, msgspec and multidict are unknown, FastAPI and Pydantic fine.
    assert.deepEqual(verdicts(lintJson(temp.path, '.')), [
      'requirements.txt:1 off-stack-dependency information',
      'requirements.txt:2 off-stack-dependency information',
      'requirements.txt:3 off-stack-dependency information',
    ]);
    temp.write('stack.toml', policy);
    temp.write('pyproject.toml', '[tool.stacklint]\npolicy = "stack.toml"\ndisable = ["pydantic-v1-config"]\n');
    const after = lintJson(temp.path, '.');
    assert.deepEqual(verdicts(after), [
      'app/main.py:3 off-stack-import warning',
      'requirements.txt:4 off-stack-dependency warning',
      'requirements.txt:5 off-stack-dependency warning',
    ]);
    assert.match(after[1].message, /fastapi is discouraged: the stack uses litestar \(§2\.1\)/);
    assert.match(after[2].message, /pydantic is discouraged: the stack uses msgspec \(§2\.4\)/);
    // Below the team's floor: reported against Litestar's minimum.
    temp.write('requirements.txt', 'litestar==2.6.0\nmsgspec==0.18.6\n');
    assert.deepEqual(lintJson(temp.path, 'requirements.txt').map((f) => f.message), ["litestar==2.6.0 allows litestar 2.6.0, below the stack's minimum 2.8 (§2.1)"]);
  });
});
