import * as assert from 'node:assert/strict';
import { parsePoetryConstraint, parseSpecifierSet } from '../../../server/src/dependencies/constraints';
import { markersOverlap, parseMarker } from '../../../server/src/dependencies/markers';
import { allows, compareVersions, excludesFrom, lowerBound, lowestAllowedBelow, normalizeVersion, type SimpleClause } from '../../../server/src/dependencies/pep440';

const set = (text: string): SimpleClause[] => {
  const result = parseSpecifierSet(text);
  if (result.error !== undefined) throw new Error(result.error);
  return result.clauses;
};

/** Cases 20-24 of requirements-format.md, and Poetry's constraints (case 25). */
describe('PEP 440', () => {
  it('20: normalizes versions', () => {
    assert.deepEqual(['1.1RC1', '1.0-r4', '1.0-1', '1.2dev', '1.0alpha1', '1.0beta2', '1.0c1', '1.0pre1', '1.0preview1', 'v1.0'].map(normalizeVersion),
      ['1.1rc1', '1.0.post4', '1.0.post1', '1.2.dev0', '1.0a1', '1.0b2', '1.0rc1', '1.0rc1', '1.0rc1', '1.0']);
    assert.equal(normalizeVersion('not a version'), undefined);
  });

  it('21: orders versions', () => {
    const ordered = ['1.0.dev456', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0+local', '1.0.post456', '1.0.15', '1.1.dev1'];
    const shuffled = [...ordered].reverse().sort(compareVersions);
    assert.deepEqual(shuffled, ordered);
    assert.equal(compareVersions('1.1', '1.1.0'), 0);
    assert.ok(allows(set('==1.1.0'), '1.1'));
    assert.ok(compareVersions('1!0.1', '2.0') > 0, 'epochs order first');
  });

  it('22: ~= is a compatible release; ~=1 is invalid', () => {
    assert.ok(allows(set('~=2.2'), '2.9') && !allows(set('~=2.2'), '3.0') && !allows(set('~=2.2'), '2.1'));
    assert.ok(allows(set('~=1.4.5'), '1.4.9') && !allows(set('~=1.4.5'), '1.5.0'));
    assert.match(parseSpecifierSet('~=1').error ?? '', /~= needs at least two release segments/);
  });

  it('23: ==1.1.* is a prefix match; <V excludes pre-releases of V', () => {
    assert.ok(allows(set('==1.1.*'), '1.1.7') && !allows(set('==1.1.*'), '1.2'));
    assert.ok(!allows(set('<2.0'), '2.0rc1'));
    assert.ok(allows(set('<2.0'), '1.9'));
    assert.ok(allows(set('===foo'), 'foo'));
  });

  it('24: the floor of a specifier set', () => {
    assert.deepEqual(lowerBound(set('>=1.4,<3')), { version: '1.4', inclusive: true });
    assert.deepEqual(lowerBound(set('>1.4')), { version: '1.4', inclusive: false });
    assert.deepEqual(lowerBound(set('~=1.10')), { version: '1.10', inclusive: true });
    assert.deepEqual(lowerBound(set('==2.0.0rc1')), { version: '2.0.0rc1', inclusive: true });
    assert.equal(lowerBound(set('<2')), undefined);
    assert.equal(lowerBound(set('!=1.0,<=3')), undefined);
    assert.equal(lowerBound([]), undefined);
  });

  it('finds the lowest version below a minimum, and sets that shut a minimum out', () => {
    assert.equal(lowestAllowedBelow(set('==2.0.0rc1'), '2.0'), '2.0.0rc1');
    assert.equal(lowestAllowedBelow(set('~=1.10'), '2.0'), '1.10');
    assert.equal(lowestAllowedBelow(set('>=1.4,<3'), '2.0'), '1.4');
    assert.equal(lowestAllowedBelow(set('>1.4'), '2.0'), '1.4.1');
    assert.equal(lowestAllowedBelow(set('==0.104.0'), '0.104.0'), undefined);
    assert.equal(lowestAllowedBelow(set('>=2.0.1'), '2.0'), undefined);
    assert.equal(lowestAllowedBelow(set('<2'), '2.0'), undefined, 'no floor: resolves to the newest');
    assert.ok(excludesFrom(set('<2'), '2.0'));
    assert.ok(excludesFrom(set('~=1.10'), '2.0'));
    assert.ok(excludesFrom(set('==1.*'), '2.0'));
    assert.ok(excludesFrom(set('<=1.99'), '2.0'));
    assert.ok(!excludesFrom(set('<=2.0'), '2.0'));
    assert.ok(!excludesFrom(set('>=1.4,<3'), '2.0'));
    assert.ok(!excludesFrom(set('!=2.0'), '2.0'));
  });

  it('25: converts Poetry constraints', () => {
    const poetry = (text: string) => {
      const result = parsePoetryConstraint(text);
      return result.error ?? result.clauses.map((c) => c.operator + c.version).join(',');
    };
    assert.equal(poetry('^2.0'), '>=2.0,<3');
    assert.equal(poetry('^0.28'), '>=0.28,<0.29');
    assert.equal(poetry('^0.0.3'), '>=0.0.3,<0.0.4');
    assert.equal(poetry('~1.2.3'), '>=1.2.3,<1.3');
    assert.equal(poetry('~1'), '>=1,<2');
    assert.equal(poetry('0.28.1'), '==0.28.1');
    assert.equal(poetry('1.2.*'), '==1.2.*');
    assert.equal(poetry('>=1.2, <2.0'), '>=1.2,<2.0');
    assert.equal(poetry('*'), '');
    assert.equal(poetry('^1 || ^2'), '');
    assert.match(poetry('^banana!'), /Invalid constraint/);
  });

  it('tells overlapping markers from disjoint ones', () => {
    const overlap = (a: string, b: string) => markersOverlap(parseMarker(a), parseMarker(b));
    assert.equal(overlap('python_version < "3.11"', 'python_version >= "3.11"'), false);
    assert.equal(overlap('sys_platform == "win32"', 'sys_platform != "win32"'), false);
    assert.equal(overlap('sys_platform == "win32"', 'sys_platform == "linux"'), false);
    assert.equal(overlap('python_version >= "3.10"', 'python_version < "3.12"'), true);
    assert.equal(overlap('sys_platform == "win32"', 'python_version < "3.12"'), true);
    assert.equal(overlap("os_name == 'nt' and python_version < '3.11'", "os_name == 'nt' and python_version >= '3.11'"), false);
    assert.equal(markersOverlap(undefined, parseMarker('python_version < "3.11"')), true);
  });
});
