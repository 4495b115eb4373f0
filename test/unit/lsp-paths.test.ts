import * as assert from 'node:assert/strict';
import { fileUri, rawFileUri, uriPath } from '../../server/src/lsp/paths';

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
});
