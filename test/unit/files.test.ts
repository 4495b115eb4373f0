import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { mayWriteFile, readWorkspaceBytes } from '../../server/src/core/files';
import { useTempDir } from '../support/tempDir';

describe('readWorkspaceBytes', () => {
  const temp = useTempDir('files');
  const outside = useTempDir('files-outside');
  const outcome = (path: string, options = {}) => {
    const read = readWorkspaceBytes(path, { root: temp.path, ...options });
    return read.ok ? `ok:${read.bytes.toString()}` : read.missing ? 'missing' : read.reason.replace(temp.path, '<root>').replace(outside.path, '<outside>');
  };

  it('reads a regular file, and a link to one inside the root', () => {
    const file = temp.write('a/pyproject.toml', '[project]\n');
    symlinkSync(file, join(temp.path, 'link.toml'));
    assert.equal(outcome(file), 'ok:[project]\n');
    assert.equal(outcome(join(temp.path, 'link.toml')), 'ok:[project]\n');
    assert.equal(outcome(join(temp.path, 'none.toml')), 'missing');
    assert.equal(outcome(join(file, 'below')), 'missing');
  });

  it('refuses special files, links leaving the root, dangling links and files over the cap', () => {
    execFileSync('mkfifo', [join(temp.path, 'fifo')]);
    mkdirSync(join(temp.path, 'folder'));
    symlinkSync('/dev/zero', join(temp.path, 'zero'));
    symlinkSync(outside.write('secret', 'x'), join(temp.path, 'out'));
    symlinkSync(join(temp.path, 'gone'), join(temp.path, 'dangling'));
    const big = temp.write('big', 'x'.repeat(2000));
    assert.equal(outcome(join(temp.path, 'fifo')), 'a FIFO, not a regular file');
    assert.equal(outcome(join(temp.path, 'folder')), 'a folder, not a regular file');
    assert.equal(outcome(join(temp.path, 'zero')), 'a link to /dev/zero, outside <root>');
    assert.equal(outcome(join(temp.path, 'zero'), { root: undefined }), 'a character device, not a regular file');
    assert.equal(outcome(join(temp.path, 'out')), `a link to <outside>/secret, outside <root>`);
    assert.equal(outcome(outside.write('plain', 'x')), 'outside <root>');
    assert.equal(outcome(join(temp.path, 'dangling')), 'cannot resolve (ENOENT)');
    assert.equal(outcome(big, { maxBytes: 1000 }), 'larger than 1000 bytes');
    assert.equal(outcome(big, { maxBytes: 2000 }), `ok:${'x'.repeat(2000)}`);
  });
});

describe('mayWriteFile', () => {
  const temp = useTempDir('write');
  const outside = useTempDir('write-outside');

  it('allows regular files inside a root, and creating a missing file in a folder inside one', () => {
    const file = temp.write('requirements-dev.txt', '');
    assert.equal(mayWriteFile(file, [temp.path], false), true);
    assert.equal(mayWriteFile(file, [temp.path], true), false, 'create never overwrites');
    assert.equal(mayWriteFile(join(temp.path, 'new.txt'), [temp.path], true), true);
    assert.equal(mayWriteFile(join(temp.path, 'new.txt'), [temp.path], false), false);
  });

  it('refuses paths outside every root, links out, dangling links, special files and missing folders', () => {
    const secret = outside.write('secret', '');
    symlinkSync(secret, join(temp.path, 'out'));
    symlinkSync(join(outside.path, 'gone'), join(temp.path, 'dangling'));
    symlinkSync(outside.path, join(temp.path, 'linked-folder'));
    execFileSync('mkfifo', [join(temp.path, 'fifo')]);
    assert.equal(mayWriteFile(secret, [temp.path], false), false);
    assert.equal(mayWriteFile('/etc/x', [temp.path], true), false);
    assert.equal(mayWriteFile(join(temp.path, 'out'), [temp.path], false), false);
    assert.equal(mayWriteFile(join(temp.path, 'dangling'), [temp.path], true), false);
    assert.equal(mayWriteFile(join(temp.path, 'linked-folder', 'new.txt'), [temp.path], true), false);
    assert.equal(mayWriteFile(join(temp.path, 'fifo'), [temp.path], false), false);
    assert.equal(mayWriteFile(join(temp.path, 'no', 'such', 'folder.txt'), [temp.path], true), false);
    assert.equal(mayWriteFile(join(temp.path, 'x.txt'), [], true), false, 'no workspace folder, no cross-file edits');
  });
});
