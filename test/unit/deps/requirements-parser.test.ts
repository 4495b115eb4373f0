import * as assert from 'node:assert/strict';
import { parseRequirements, slice, summary } from './helpers';

/** One test per numbered case of /work/shared/spec/requirements-format.md (cases 1-19). */
describe('requirements parser', () => {
  const names = (text: string) => parseRequirements(text).requirements.map((r) => r.name);
  const problems = (text: string, path?: string) => parseRequirements(text, path).problems.map((p) => `${p.severity}: ${p.message}`);

  it('1: a trailing backslash joins lines; hashes belong to the requirement reported at its first line', () => {
    const file = parseRequirements('x==0\na==1 \\\n    --hash=sha256:X \\\n    --hash=sha256:Y\nb==2\n');
    assert.deepEqual(file.requirements.map((r) => [r.name, r.firstLine, r.lastLine, r.hashes]), [['x', 0, 0, 0], ['a', 1, 3, 2], ['b', 4, 4, 0]]);
    assert.deepEqual(file.problems, []);
  });

  it('2: continuations are joined before comments are stripped', () => {
    const file = parseRequirements('a==1 \\\n# via b\nc==2\n');
    assert.deepEqual(file.requirements.map((r) => summary(file, r)), [{ name: 'a', spec: '==1', line: 1 }, { name: 'c', spec: '==2', line: 3 }]);
  });

  it('3: a trailing backslash on the last line still yields the line', () => {
    assert.deepEqual(names('a==1\nb==2 \\'), ['a', 'b']);
    assert.deepEqual(names('b==2 \\\n'), ['b']);
  });

  it('4: a comment starts at line start or after whitespace; URL fragments keep their #', () => {
    const file = parseRequirements('# top\npkg @ https://x/y.zip#sha1=abc\n-e git+https://h/r.git#egg=foo\nbar==1 # trailing\n');
    assert.deepEqual(file.requirements.map((r) => [r.name, r.url]), [
      ['pkg', 'https://x/y.zip#sha1=abc'],
      ['foo', 'git+https://h/r.git#egg=foo'],
      ['bar', undefined],
    ]);
    // `baz==1#notacomment` is an invalid version to pip: "#" not after whitespace is no comment.
    assert.deepEqual(parseRequirements('baz==1#x\n').problems.length, 1);
  });

  it('5: blank lines are ignored and lines are stripped', () => {
    const file = parseRequirements('\n\n   fastapi==0.104.0   \n\t\n');
    assert.deepEqual(file.requirements.map((r) => [slice(file, r.nameRange), r.nameRange.start]), [['fastapi', { line: 2, character: 3 }]]);
  });

  it('6: environment variables are kept as text, never reported', () => {
    const file = parseRequirements('pkg @ https://${TOKEN}@host/x.whl\n${PKG_NAME}==1\n$lower==1\n');
    assert.deepEqual(file.requirements.map((r) => r.url), ['https://${TOKEN}@host/x.whl']);
    assert.equal(file.problems.length, 1, '$lower is not expanded by pip, so the line is invalid');
  });

  it('7: UTF-8 text keeps UTF-16 columns', () => {
    const file = parseRequirements('# café ☕\nrequests==2.31.0 # ünïcode\n');
    assert.deepEqual(file.requirements.map((r) => summary(file, r)), [{ name: 'requests', spec: '==2.31.0', line: 2 }]);
  });

  it('8: a line splits at the first token starting with -', () => {
    const file = parseRequirements('pkg==1 --hash=sha256:a --hash=sha256:b\n');
    assert.deepEqual(file.requirements.map((r) => [r.name, r.hashes, slice(file, r.range)]), [['pkg', 2, 'pkg==1']]);
  });

  it('9: global options are accepted on their own lines', () => {
    const text = ['-i https://pypi.org/simple', '--index-url=https://x', '--extra-index-url https://y', '--no-index', '-c constraints.txt',
      '-r base.txt', '-e .', '-f ./wheels', '--no-binary :all:', '--only-binary=:none:', '--prefer-binary', '--require-hashes', '--pre',
      '--trusted-host example.com', '--use-feature=truststore', '--extra-index https://abbreviated'].join('\n');
    assert.deepEqual(problems(text), []);
  });

  it('10: per-requirement options attach to the requirement', () => {
    const file = parseRequirements('a==1 --hash=sha256:x\nb==1 --config-settings=k=v --global-option=--x\n');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(names('a==1 --hash=sha256:x\n'), ['a']);
  });

  it('11: an unknown option is invalid; --hash without a requirement is a warning', () => {
    assert.deepEqual(problems('--frobnicate\n'), ['error: Invalid line: no such option: --frobnicate']);
    assert.deepEqual(problems('-x foo\n'), ['error: Invalid line: no such option: -x']);
    assert.deepEqual(problems('-r\n'), ['error: Invalid line: -r option requires 1 argument']);
    assert.deepEqual(problems('a==1\n--hash=sha256:abc\n'), ['warning: --hash on a line without a requirement is ignored (is a \\ missing at the end of the line above?)']);
    assert.deepEqual(problems('a==1 -i https://x\n'), ['warning: pip ignores --index-url on a requirement line; put it on its own line']);
  });

  it('12: -r/-c paths, -rfile.txt without a space, and self-inclusion', () => {
    const file = parseRequirements('-r base.txt\n-rdev.txt\n-c constraints.txt\n--requirement=other.txt\n', '/p/requirements.txt');
    assert.deepEqual(file.includes.map((i) => [i.kind, i.path, slice(file, i.range)]), [
      ['requirement', 'base.txt', 'base.txt'], ['requirement', 'dev.txt', 'dev.txt'], ['constraint', 'constraints.txt', 'constraints.txt'], ['requirement', 'other.txt', 'other.txt'],
    ]);
    assert.deepEqual(problems('-r ./requirements.txt\n', '/p/requirements.txt'), ['error: ./requirements.txt recursively references itself in requirements.txt']);
  });

  it('13: the PEP 508 requirement forms', () => {
    const file = parseRequirements([
      'pytest', 'docopt == 0.6.1', 'SomeProject[foo, bar]', 'SomeProject ~= 1.4.2', "SomeProject ; sys_platform == 'win32'",
      'requests [security] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
    ].join('\n'));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.requirements.map((r) => [slice(file, r.nameRange), r.extras, r.specifierText, r.markerText]), [
      ['pytest', [], '', undefined],
      ['docopt', [], '== 0.6.1', undefined],
      ['SomeProject', ['foo', 'bar'], '', undefined],
      ['SomeProject', [], '~= 1.4.2', undefined],
      ['SomeProject', [], '', "sys_platform == 'win32'"],
      ['requests', ['security'], '>= 2.8.1, == 2.8.*', 'python_version < "2.7"'],
    ]);
    assert.deepEqual(slice(file, file.requirements[5].specifierRange), '>= 2.8.1, == 2.8.*');
  });

  it('14: a URL requirement takes a marker only after whitespace', () => {
    const file = parseRequirements('urllib3 @ https://example.com/1.26.8.zip ; python_version > "3.7"\nother @ https://example.com/x.zip;python_version>"3"\n');
    assert.deepEqual(file.requirements.map((r) => [r.name, r.url, r.markerText]), [
      ['urllib3', 'https://example.com/1.26.8.zip', 'python_version > "3.7"'],
      ['other', 'https://example.com/x.zip;python_version>"3"', undefined],
    ]);
  });

  it('15: bare paths and URLs carry no name', () => {
    const file = parseRequirements('./pkg.whl\nhttps://example.com/x-1.0-py3-none-any.whl\n/abs/path/pkg\n');
    assert.deepEqual(file.requirements.map((r) => [r.name, r.url, slice(file, r.nameRange)]), [
      [undefined, './pkg.whl', './pkg.whl'],
      [undefined, 'https://example.com/x-1.0-py3-none-any.whl', 'https://example.com/x-1.0-py3-none-any.whl'],
      [undefined, '/abs/path/pkg', '/abs/path/pkg'],
    ]);
    assert.deepEqual(file.problems, []);
  });

  it('16: editables and VCS forms; #egg= names the package', () => {
    const file = parseRequirements([
      '-e .', '-e ./pkg[d,dev]', 'Name @ git+https://host/r.git@v1.0', '-e git+https://host/r.git#egg=name&subdirectory=dir',
      '-e git+ssh://git@host/r.git#egg=viassh', '-e hg+https://host/r#egg=flask', 'svn+https://host/svn/x#egg=svnpkg', '-e bzr+https://host/b#egg=bzrpkg',
      '-e git+file:///tmp/repo#egg=local',
    ].join('\n'));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.requirements.map((r) => [r.name, r.editable ?? false, r.extras]), [
      [undefined, true, []], [undefined, true, ['d', 'dev']], ['Name', false, []], ['name', true, []], ['viassh', true, []], ['flask', true, []],
      ['svnpkg', false, []], ['bzrpkg', true, []], ['local', true, []],
    ]);
    assert.equal(slice(file, file.requirements[5].nameRange), 'flask');
    const [editable] = problems('-e https://example.com/x.zip\n');
    assert.ok(editable.startsWith('error: https://example.com/x.zip is not a valid editable requirement. It should either be a path'), editable);
  });

  it('17: names follow the PEP 508 pattern', () => {
    assert.deepEqual(names('Flask_SQLAlchemy==3.0\nPyTZ\na\nzope.interface>=5\n'), ['Flask_SQLAlchemy', 'PyTZ', 'a', 'zope.interface']);
    assert.deepEqual(parseRequirements('Flask_SQLAlchemy==3.0\n').requirements[0].normalized, 'flask-sqlalchemy');
    assert.deepEqual(problems('-bad-name\n').length, 1);
    assert.deepEqual(problems('_private==1\n'), ["error: Invalid requirement: '_private==1': Expected package name at the start of dependency specifier"]);
    assert.deepEqual(problems('name_==1\n').length, 1);
  });

  it('18: extras with whitespace, legacy parenthesized specifiers, every operator', () => {
    const file = parseRequirements('a[ x ,y ]\nb (>=1.0)\nc (>=1.0, <2)\nd~=1.4\ne==1\nf!=1\ng<=1\nh>=1\ni<1\nj>1\nk===weird-1\n');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.requirements.map((r) => r.clauses.map((c) => c.operator + c.version).join(',')), ['', '>=1.0', '>=1.0,<2', '~=1.4', '==1', '!=1', '<=1', '>=1', '<1', '>1', '===weird-1']);
    assert.deepEqual(file.requirements[0].extras, ['x', 'y']);
    assert.deepEqual(problems('a[x y]\n'), ["error: Invalid requirement: 'a[x y]': Expected comma between extra names"]);
    assert.deepEqual(problems('a (>=1.0\n'), ["error: Invalid requirement: 'a (>=1.0': Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier"]);
    assert.deepEqual(problems('a~=1\n'), ["error: Invalid requirement: 'a~=1': Expected end or semicolon (after name and no valid version specifier): ~=1 is invalid: ~= needs at least two release segments (e.g. ~=1.0)"]);
    assert.deepEqual(problems('a==\n').length, 1);
    assert.deepEqual(problems('a>=1,\n'), ["error: Invalid requirement: 'a>=1,': Expected end or semicolon (after version specifier)"]);
  });

  it('19: markers with every variable, in/not in, and/or, parentheses, both quotes; unknown variables are errors', () => {
    const variables = ['python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system', 'platform_version',
      'platform_machine', 'platform_python_implementation', 'implementation_name', 'implementation_version', 'extra'];
    const text = variables.map((v, i) => `p${i} ; ${v} == "x"`).join('\n') +
      `\nq ; (python_version >= '3.10' and sys_platform != "win32") or 'linux' in sys_platform\nr ; os_name not in "nt java"\n`;
    const file = parseRequirements(text);
    assert.deepEqual(file.problems, []);
    assert.equal(file.requirements.length, variables.length + 2);
    assert.deepEqual(problems('s ; python_versio == "3"\n'), [`error: Invalid requirement: 's ; python_versio == "3"': Expected a marker variable or quoted string (unknown marker variable python_versio)`]);
    assert.deepEqual(problems('t ; python_version = "3"\n').length, 1);
    assert.deepEqual(problems('u ; (python_version == "3"\n').length, 1);
  });

  it('never throws on binary or huge input', () => {
    const binary = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)).toString('latin1');
    assert.doesNotThrow(() => parseRequirements(binary));
    const huge = Array.from({ length: 10000 }, (_, i) => `pkg${i}==1.${i}`).join('\n');
    const started = Date.now();
    assert.equal(parseRequirements(huge).requirements.length, 10000);
    assert.ok(Date.now() - started < 5000);
  });
});
