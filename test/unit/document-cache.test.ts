import * as assert from 'node:assert/strict';
import { DocumentCache } from '../../server/src/lsp/documentCache';

describe('DocumentCache (one parse per document version for hover and completion)', () => {
  it('computes once per version and again after a change or close', () => {
    const cache = new DocumentCache<{ parsedAt: number }>();
    let parses = 0;
    const parse = () => ({ parsedAt: ++parses });
    const first = cache.get({ uri: 'file:///r.txt', version: 1 }, parse);
    for (let i = 0; i < 50; i++) assert.equal(cache.get({ uri: 'file:///r.txt', version: 1 }, parse), first);
    assert.equal(parses, 1);
    assert.equal(cache.get({ uri: 'file:///r.txt', version: 2 }, parse).parsedAt, 2);
    assert.equal(cache.get({ uri: 'file:///other.txt', version: 2 }, parse).parsedAt, 3);
    cache.drop('file:///r.txt');
    assert.equal(cache.get({ uri: 'file:///r.txt', version: 2 }, parse).parsedAt, 4);
  });
});
