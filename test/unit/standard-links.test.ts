import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { RULES } from '../../server/src/engine/registry';
import { citedSections, headingAnchor, standardHeadings } from '../../server/src/policy/standard';
import { runCli as run } from '../support/cli';
import { REPO } from '../support/fixtures';
import { filesUnder } from '../support/ruleDocs';
import { useTempDir } from '../support/tempDir';

const STANDARD = join(REPO, 'docs', 'TECH_STACK.md');
const HEADINGS = standardHeadings(readFileSync(STANDARD, 'utf8'));

function unresolved(sections: Iterable<string>): string[] {
  return [...new Set(sections)].filter((section) => !HEADINGS.has(section)).sort();
}

describe('the shipped standard and its links', function () {
  this.timeout(60_000);
  const temp = useTempDir('standard');

  it('finds the numbered headings outside code blocks, with the anchors GitHub and VS Code give them', () => {
    assert.equal(HEADINGS.get('§2.1')?.anchor, '21-backend-framework');
    assert.equal(HEADINGS.get('§2.4')?.anchor, '24-validation--serialization');
    assert.equal(HEADINGS.get('§3.6')?.anchor, '36-task-queue-if-needed');
    assert.equal(HEADINGS.get('§7')?.anchor, '7-anti-patterns');
    assert.equal(readFileSync(STANDARD, 'utf8').split('\n')[HEADINGS.get('§2.1')!.line], '### 2.1 Backend Framework');
    assert.equal(headingAnchor('10. UPGRADE POLICY'), '10-upgrade-policy');
    // `# Install dependencies` inside a Dockerfile code block is no heading.
    assert.ok([...HEADINGS.values()].every((heading) => /^\d/.test(heading.title)));
  });

  it('every § cited in messages, rule metadata, policy rows, rule pages and the source resolves to a heading of the shipped standard', () => {
    const cited: string[] = [];
    // Messages: every finding on the example and every fixture, and the policy problems of a team example.
    const findings = JSON.parse(run(REPO, 'examples', 'test/fixtures', '--format', 'json').stdout) as { message: string }[];
    assert.ok(findings.length > 150);
    for (const finding of findings) cited.push(...citedSections(finding.message));
    for (const rule of RULES) cited.push(...rule.meta.sections.flatMap(citedSections));
    const policy = readFileSync(join(REPO, 'policy', 'default.toml'), 'utf8');
    cited.push(...citedSections(JSON.stringify(parse(policy))));
    for (const page of filesUnder(join(REPO, 'docs', 'rules'))) cited.push(...citedSections(readFileSync(page, 'utf8')));
    for (const source of filesUnder(join(REPO, 'server', 'src'))) cited.push(...citedSections(readFileSync(source, 'utf8')));
    assert.ok(new Set(cited).size >= 25, `only ${new Set(cited).size} sections cited`);
    assert.deepEqual(unresolved(cited), []);
  });

  it('the rule pages link each § to its heading in docs/TECH_STACK.md', () => {
    for (const page of filesUnder(join(REPO, 'docs', 'rules'))) {
      const text = readFileSync(page, 'utf8');
      for (const match of text.matchAll(/\[(§[\d.]+)\]\(\.\.\/TECH_STACK\.md#([^)]+)\)/g)) assert.equal(HEADINGS.get(match[1])?.anchor, match[2], page);
      // No bare § is left outside code.
      const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '').replace(/\[§[\d.]+\]\([^)]*\)/g, '');
      assert.doesNotMatch(prose, /§\d/, page);
    }
  });

  it('SARIF links each rule to its shipped page and each § of a message to its heading', () => {
    temp.write('a.py', 'print(1)\n');
    const sarif = JSON.parse(run(temp.path, 'a.py', '--format', 'sarif').stdout);
    const rule = sarif.runs[0].tool.driver.rules[0];
    assert.ok(rule.helpUri.startsWith('file://'), rule.helpUri);
    assert.ok(existsSync(fileURLToPath(rule.helpUri)), rule.helpUri);
    const result = sarif.runs[0].results[0];
    assert.equal(result.message.text, '`print()` in production code; use logging ([§3.4](1), [§7](2))');
    assert.deepEqual(
      result.relatedLocations.map((l: { id: number; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }) => [l.id, l.physicalLocation.artifactLocation.uri.replace(/^.*\//, ''), l.physicalLocation.region.startLine]),
      [[1, 'TECH_STACK.md#34-logging', HEADINGS.get('§3.4')!.line + 1], [2, 'TECH_STACK.md#7-anti-patterns', HEADINGS.get('§7')!.line + 1]],
    );
    assert.ok(existsSync(fileURLToPath(result.relatedLocations[0].physicalLocation.artifactLocation.uri.replace(/#.*$/, ''))));
  });

  it("a team's standard = \"...\" is the document the sections link to", () => {
    temp.write('STANDARD.md', '# Our standard\n\n## 1. Principles\n\n### 2.5 HTTP\n\nUse httpx.\n');
    temp.write('stack.toml', 'extends = "default"\nstandard = "STANDARD.md"\n');
    temp.write('pyproject.toml', '[tool.stacklint]\npolicy = "stack.toml"\n');
    temp.write('requirements-dev.txt', 'aiohttp==3.9.1\n');
    const sarif = JSON.parse(run(temp.path, '.', '--format', 'sarif').stdout);
    const related = sarif.runs[0].results[0].relatedLocations;
    assert.deepEqual(related.map((l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }) => [l.physicalLocation.artifactLocation.uri.replace(/^.*\//, ''), l.physicalLocation.region.startLine]), [['STANDARD.md#25-http', 5]]);
  });
});
