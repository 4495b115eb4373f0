import * as assert from 'node:assert/strict';
import { PythonFile } from '../../server/src/python/file';
import { initPythonParser, parsePython } from '../../server/src/python/parse';

describe('PythonFile', () => {
  before(() => initPythonParser());

  function file(text: string): PythonFile {
    return new PythonFile('/w/a.py', text, parsePython(text), false);
  }

  it('returns nodes of a type outside its one walk instead of nothing', () => {
    const source = file('with open("a") as f:\n    pass\nwith x:\n    yield_ = [y async for y in z]\n');
    assert.deepEqual(source.nodes('with_statement').map((node) => node.startPosition.row), [0, 2]);
    assert.equal(source.nodes('list_comprehension').length, 1);
    // Asked twice, the same list: collected once.
    assert.equal(source.nodes('with_statement'), source.nodes('with_statement'));
    source.tree.delete();
  });

  it('finds ERROR nodes, which the native walk cannot', () => {
    const source = file('x = = 1\nprint(1 +)\n');
    assert.deepEqual(source.nodes('ERROR').map((node) => node.startPosition.row), [0, 1]);
    source.tree.delete();
  });

  it('throws for a type the grammar does not have, rather than returning nothing', () => {
    const source = file('x = 1\n');
    assert.throws(() => source.nodes('with_statment'), /no node type 'with_statment'/);
    assert.equal(source.nodes('assignment').length, 1);
    source.tree.delete();
  });
});
