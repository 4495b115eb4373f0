import * as assert from 'node:assert/strict';
import { documentPath, fileUri, folderPath, rawFileUri, uriPath, uriPathBytes } from '../../server/src/lsp/paths';

describe('file URIs of names that are not UTF-8', () => {
  const raw = (name: string) => Buffer.from(`/work/pkg/${name}`, 'latin1');

  it('are the bytes percent-encoded, so two names that decode alike keep URIs of their own', () => {
    assert.equal(rawFileUri(raw('bad\xff.py')), 'file:///work/pkg/bad%FF.py');
    assert.notEqual(rawFileUri(raw('bad\xff.py')), rawFileUri(raw('bad\xfe.py')));
    // Plain ASCII comes out as Node's own file URI.
    assert.equal(rawFileUri(raw('a b-c_d.py')), fileUri('/work/pkg/a b-c_d.py'));
  });

  it('give back the path as the walk decodes the name, where fileURLToPath throws', () => {
    assert.equal(uriPath(rawFileUri(raw('bad\xff.py'))), '/work/pkg/bad\uFFFD.py');
    assert.equal(uriPath(rawFileUri(Buffer.from('/work/caf\xc3\xa9/x\xff.py', 'latin1'))), '/work/café/x\uFFFD.py');
    assert.equal(uriPath(fileUri('/work/café.py')), '/work/café.py');
  });

  it('are one file however a client spells the escapes', () => {
    const bytes = raw('bad\xff(1).py');
    for (const spelling of ['file:///work/pkg/bad%FF(1).py', 'file:///work/pkg/bad%ff%281%29.py', rawFileUri(bytes)]) {
      assert.deepEqual(uriPathBytes(spelling), bytes, spelling);
    }
    assert.equal(uriPathBytes('file://server/share/x.py'), undefined, 'a host is no local file');
    assert.equal(uriPathBytes('file:///work/a%2F%FF.py'), undefined, 'an escaped separator is no byte of a name');
  });

  it('open as documents at the path the walk gives them, in their real folder', () => {
    assert.equal(documentPath('file:///work/pkg/bad%FF.py', 'python'), '/work/pkg/bad\uFFFD.py');
    // A folder that is not UTF-8 would decode to another folder, whose configuration is not this file's.
    assert.match(documentPath('file:///work/proj%FF/a.py', 'python') ?? '', /^\/untitled\/a\.py/);
  });

  it('are never workspace folders: U+FFFD in place of the bytes would name another folder', () => {
    assert.equal(folderPath('file:///work/proj%FF'), undefined);
    assert.equal(folderPath('file:///work/proj'), '/work/proj');
    assert.equal(folderPath('untitled:proj'), undefined);
    // A `%` left unescaped is no reason to drop a folder.
    assert.equal(folderPath('file:///work/50%off'), '/work/50%off');
  });
});
