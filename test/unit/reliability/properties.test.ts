import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { initPythonParser } from '../../../server/src/python/parse';
import { checkInput, inputs, type InputKind, seedTexts } from '../../support/fuzz';

// Property-based tests, a bounded number of runs (a few seconds in all): for
// random and mutated Python, requirements and pyproject text the engine never
// throws and no rule fails, it stays within a CPU budget per KB, every range
// lies inside the document, and every fix applies, removes its finding and
// leaves text that still parses. `npm run fuzz` runs the same properties for
// as long as it is given. A failure prints fast-check's seed and path:
// FUZZ_SEED=<seed> reruns it.

const RUNS: Record<InputKind, number> = { python: 40, requirements: 80, pyproject: 60 };

describe('properties of the engine on random and mutated input', function () {
  this.timeout(120_000);
  before(() => initPythonParser());
  const seeds = seedTexts();
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

  for (const kind of ['python', 'requirements', 'pyproject'] as const) {
    it(`${kind}: no throw, within budget, ranges inside, fixes that work`, () => {
      fc.assert(
        fc.property(inputs(kind, seeds[kind]), (input) => {
          const result = checkInput(input, { msPerKb: 200, maxFixes: 4 });
          if (result.problems.length > 0) throw new Error(result.problems.join('\n'));
        }),
        { numRuns: RUNS[kind], seed },
      );
    });
  }

  it('the fuzz input whose dev-dependency move left a comma too many: a comma at the end of a comment is no separator', () => {
    const text = '[project]\nname = "svc"\nrequires-python = ">=3.11"\ndependencies = [\n  "django>=4.2",\n  # @4-1020 ; python_version >= \\"3.10\\"pi>=0.104.0",\n  "pytest>=7.4"\n  # @4-10 dev-dependency-in-production\n  ,\n]\n';
    assert.deepEqual(checkInput({ kind: 'pyproject', text }, { msPerKb: 200, maxFixes: 10 }).problems, []);
  });
});
