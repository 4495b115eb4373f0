import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { Policy } from '../../../server/src/core/policy';
import { mergePolicy } from '../../../server/src/core/policyData';
import { defaultPolicyData } from '../../../server/src/policy/default';
import { annotationEnd, viaAnnotation } from '../../../server/src/dependencies/via';
import { applyEdits } from '../../../server/src/engine/fixes';
import { lintText } from '../../../server/src/engine/lint';
import { parseRequirementsFile } from '../../../server/src/requirements/module';

const COMPILED = [
  'celery==5.2.7',
  '    # via -r requirements.in',
  'pytz==2023.3',
  '    # via',
  '    #   celery',
  '    #   kombu',
  'simplejson==3.19.2  # via celery, kombu',
  'flask==2.3.3',
  '    # via -r requirements.in',
  'click==8.1.7',
  '',
].join('\n');

/** The default policy with flask and pytz marked drop-ins, so their fixes are offered. */
function dropInConfig() {
  const { policy } = Policy.from(mergePolicy(defaultPolicyData(), { packages: { flask: { dropIn: true }, pytz: { dropIn: true } } }));
  return { ...defaultConfig('/p'), policy };
}

describe('pip-compile `# via` annotations', () => {
  const file = parseRequirementsFile('/p/requirements.txt', COMPILED);
  const byName = (name: string) => file.requirements.find((requirement) => requirement.normalized === name)!;

  it('reads the inline and the block form, and `-r` inputs', () => {
    assert.deepEqual(viaAnnotation(file, byName('celery')), ['-r requirements.in']);
    assert.deepEqual(viaAnnotation(file, byName('pytz')), ['celery', 'kombu']);
    assert.deepEqual(viaAnnotation(file, byName('simplejson')), ['celery', 'kombu']);
    assert.deepEqual(viaAnnotation(file, byName('click')), []);
  });

  it('ends the block at the next requirement', () => {
    assert.equal(annotationEnd(file, byName('pytz')), 5);
    assert.equal(annotationEnd(file, byName('simplejson')), 6);
    assert.equal(annotationEnd(file, byName('click')), 9);
  });

  it('trusts a stack package in the annotation, not an input file, and removes a pin with its annotation', () => {
    const findings = lintText('/p/requirements.txt', COMPILED, dropInConfig()).filter((finding) => finding.rule === 'off-stack-dependency');
    assert.deepEqual(findings.map((finding) => finding.range.start.line), [7]);
    const fix = findings[0].fix!;
    assert.equal(applyEdits(COMPILED, fix.edits).split('\n').slice(6, 8).join('\n'), 'simplejson==3.19.2  # via celery, kombu\nfastapi==0.104.0');
  });

  it('removes a banned pin together with its annotation block', () => {
    const text = 'pytz==2023.3\n    # via\n    #   -r requirements.in\n    #   celery\nclick==8.1.7\n';
    const [finding] = lintText('/p/requirements.txt', text, dropInConfig()).filter((f) => f.rule === 'off-stack-dependency');
    assert.equal(applyEdits(text, finding.fix!.edits), 'click==8.1.7\n');
  });
});
