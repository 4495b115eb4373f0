import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initPythonParser, parsePython } from '../../server/src/python/parse';
import { MAX_KEPT_TREES, TreeCache } from '../../server/src/lsp/incremental';

describe('incremental re-parsing (TreeCache)', () => {
  before(() => initPythonParser());

  it('produces the same tree as a full parse after edits with non-ASCII text', () => {
    const cache = new TreeCache();
    const uri = 'file:///x.py';
    let document = TextDocument.create(uri, 'python', 1, 'name = "é😀"\n\ndef f():\n    return name\n');
    cache.store(uri, 1, parsePython(document.getText()));
    document = cache.update(document, [
      { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: 'ü' },
      { range: { start: { line: 3, character: 4 }, end: { line: 3, character: 15 } }, text: 'print(name, "😀")\n    try:\n        pass\n    except:\n        pass' },
    ], 2);
    const previous = cache.previous(uri, 2);
    assert.ok(previous, 'the edited tree is kept for version 2');
    const incremental = parsePython(document.getText(), previous);
    const full = parsePython(document.getText());
    assert.equal(incremental.rootNode.toString(), full.rootNode.toString());
    const call = incremental.rootNode.descendantsOfType('call')[0]!;
    assert.equal(call.text, 'print(name, "😀")');
    assert.equal(cache.previous(uri, 1), undefined, 'a tree is never handed out for another version');
    cache.store(uri, 2, incremental);
    full.delete();
    cache.drop(uri);
  });

  it('forgets the tree on a full-text change', () => {
    const cache = new TreeCache();
    const uri = 'file:///y.py';
    const document = TextDocument.create(uri, 'python', 1, 'x = 1\n');
    cache.store(uri, 1, parsePython(document.getText()));
    cache.update(document, [{ text: 'y = 2\n' }], 2);
    assert.equal(cache.previous(uri, 2), undefined);
  });

  it('keeps trees only for the most recently linted documents, freeing the others', () => {
    const cache = new TreeCache();
    const uris = Array.from({ length: MAX_KEPT_TREES + 3 }, (_, i) => `file:///f${i}.py`);
    uris.forEach((uri) => cache.store(uri, 1, parsePython('x = 1\n')));
    assert.equal(cache.size, MAX_KEPT_TREES);
    assert.equal(cache.previous(uris[0], 1), undefined, 'the least recently linted tree was freed');
    assert.ok(cache.previous(uris[uris.length - 1], 1));
    // Linting an older document again makes it recent.
    cache.store(uris[3], 1, parsePython('y = 2\n'));
    cache.store('file:///new.py', 1, parsePython('z = 3\n'));
    assert.ok(cache.previous(uris[3], 1));
    assert.equal(cache.previous(uris[4], 1), undefined);
    uris.forEach((uri) => cache.drop(uri));
    cache.drop('file:///new.py');
    assert.equal(cache.size, 0);
  });
});
