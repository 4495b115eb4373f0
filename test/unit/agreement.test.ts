import * as assert from 'node:assert/strict';
import { AGREEMENT_PAIRS, belongsToPair, type Located, matchPair } from '../../bench/agreementMatch';

const at = (file: number, rule: string, line: number, message = '', endLine = line): Located => ({ file, rule, line, column: 1, endLine, endColumn: 2, message });
const pair = (id: string) => AGREEMENT_PAIRS.find((p) => p.stacklint === id)!;

describe('agreement harness matching', () => {
  it('pairs findings one to one per file by overlapping lines, nearest first', () => {
    const ours = [at(0, 'bare-except', 3), at(0, 'bare-except', 3), at(1, 'bare-except', 9)];
    const ruff = [at(0, 'E722', 3), at(0, 'E722', 7), at(1, 'E722', 10)];
    const result = matchPair(pair('bare-except'), ours, ruff);
    assert.equal(result.both, 1);
    assert.deepEqual(result.onlyUs.map((f) => [f.file, f.line]), [[0, 3], [1, 9]]);
    assert.deepEqual(result.onlyRuff.map((f) => [f.file, f.line]), [[0, 7], [1, 10]]);
    assert.equal(result.agreement, 1 / 5);
  });

  it('a multi-line finding matches one on any of its lines', () => {
    const result = matchPair(pair('sql-string-formatting'), [at(0, 'sql-string-formatting', 5)], [at(0, 'S608', 4, '', 6)]);
    assert.equal(result.both, 1);
    assert.equal(result.agreement, 1);
  });

  it('splits TID251 between pytz-usage and off-stack-import by the banned name', () => {
    const pytz = at(0, 'TID251', 1, '`pytz.timezone` is banned: use zoneinfo');
    const flask = at(0, 'TID251', 2, '`flask` is banned: off-stack');
    assert.equal(belongsToPair(pair('pytz-usage'), pytz, 'ruff'), true);
    assert.equal(belongsToPair(pair('off-stack-import'), pytz, 'ruff'), false);
    assert.equal(belongsToPair(pair('off-stack-import'), flask, 'ruff'), true);
  });

  it('leaves out what the other tool has no rule for', () => {
    assert.equal(pair('print-call').ruffWithoutEquivalent?.test('print("usage", file=sys.stderr)'), true);
    assert.equal(pair('print-call').ruffWithoutEquivalent?.test('print("done", file=sys.stdout)'), false);
    const container = at(0, 'global-mutable-state', 1, 'Module-level mutable `CACHE` is changed in a function');
    const statement = at(0, 'global-mutable-state', 4, '`global` statement in `bump()` rebinds module state (`counter`)');
    assert.equal(pair('global-mutable-state').oursWithoutEquivalent?.(container), true);
    assert.equal(pair('global-mutable-state').oursWithoutEquivalent?.(statement), false);
  });
});
