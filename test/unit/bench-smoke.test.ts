import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { comparePair, RULE_PAIRS } from '../../bench/compare';
import type { CorpusFile } from '../../bench/corpus';
import { type BenchFinding, ruffEngine, stacklintEngine } from '../../bench/engines';

// One line per rule pair the benchmark compares, so a mapping that stops
// firing on either side (a renamed Ruff code, a broken setting) fails here
// instead of silently reporting zeros in docs/benchmarks.md.
const SERVICE = `import datetime
import pytz
import requests

print(1)
try:
    pass
except:
    pass
query = f"SELECT * FROM users WHERE id = {user_id}"
stamp = datetime.datetime.now()
counter = 0


def bump():
    global counter
    counter += 1


async def fetch(url):
    return requests.get(url)
`;

describe('benchmark engines', () => {
  it('Ruff wasm and stacklint both flag every compared rule on the same lines', async () => {
    const root = '/bench-smoke';
    const file: CorpusFile = { path: join(root, 'service/app.py'), rel: 'service/app.py', text: SERVICE };
    const ours: BenchFinding[] = [];
    const theirs: BenchFinding[] = [];
    (await stacklintEngine(root)).lint(file, 0, ours);
    const ruff = ruffEngine('py311');
    ruff.lint(file, 0, theirs);
    assert.deepEqual(ruff.errors.size, 0);
    assert.ok(theirs.some((f) => f.rule === 'T201' && f.line === 5), JSON.stringify(theirs));
    for (const pair of RULE_PAIRS) {
      const count = comparePair(pair, [file.rel], ours, theirs);
      assert.deepEqual(
        { rule: pair.stacklint, agreed: count.agreed, stacklintOnly: count.stacklintOnly.length, ruffOnly: count.ruffOnly.length },
        { rule: pair.stacklint, agreed: 1, stacklintOnly: 0, ruffOnly: 0 },
      );
    }
  });

  it('counts a finding without a counterpart as a disagreement', () => {
    const pair = RULE_PAIRS.find((p) => p.stacklint === 'print-call')!;
    const files = ['app.py', 'tests/test_app.py'];
    const ours: BenchFinding[] = [{ file: 0, rule: 'print-call', line: 3, endLine: 3 }];
    const theirs: BenchFinding[] = [
      { file: 0, rule: 'T201', line: 3, endLine: 3 },
      { file: 0, rule: 'T201', line: 9, endLine: 9 },
      { file: 1, rule: 'T201', line: 2, endLine: 2 },
    ];
    const count = comparePair(pair, files, ours, theirs);
    assert.equal(count.agreed, 1);
    assert.deepEqual(count.ruffOnly, [theirs[1]]);
    // print-call skips test files, so Ruff's T201 in tests/ is set aside, not a disagreement.
    assert.equal(count.ruff, 2);
    assert.equal(count.ruffAllFiles, 3);
  });
});
