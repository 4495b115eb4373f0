import * as assert from 'node:assert/strict';
import { PythonFile } from '../../server/src/python/file';
import { initPythonParser, type Node, parsePython } from '../../server/src/python/parse';

function load(source: string): PythonFile {
  return new PythonFile('/work/app.py', source, parsePython(source), false);
}

/** The identifier at the `occurrence`-th (1-based) `«name»` marker; markers are removed from the source. */
function marked(source: string, occurrence = 1): { file: PythonFile; node: Node } {
  const offsets: number[] = [];
  const text = source.replace(/«([^»]+)»/g, (_match, name: string, offset: number) => {
    offsets.push(offset - offsets.length * 2);
    return name;
  });
  const file = load(text);
  const start = offsets[occurrence - 1];
  const node = file.tree.rootNode.descendantForIndex(start, start + 1);
  assert.equal(node?.type, 'identifier', `no identifier at marker ${occurrence}`);
  return { file, node: node! };
}

/** What the marked name refers to: `builtins.x`, an import's dotted name, `local@<line>`, `deleted`, `star:<module>`. */
function refersTo(source: string, occurrence = 1): string {
  const { file, node } = marked(source, occurrence);
  const binding = file.binding(node.text, node);
  if (!binding) return `builtins.${node.text}`;
  if (binding.kind === 'import') return binding.qualified;
  if (binding.kind === 'star') return `star:${binding.module}`;
  if (binding.kind === 'deleted') return 'deleted';
  return `local@${binding.node.startPosition.row + 1}`;
}

/** Each case: a source with `«name»` markers and what each marked name refers to, in order. */
const CASES: { title: string; source: string; refersTo: string[] }[] = [
  { title: 'an import split by blanks or a line continuation binds the name Python reads', source: 'import v \\\n    .sub\nimport a . b as c\nfrom os . path import join\n«v», «c», «join»\n', refersTo: ['v', 'a.b', 'os.path.join'] },
  { title: 'a use before any binding at module level is the builtin; a function body sees the last module binding', source: '«print»("start")\ndef show():\n    «print»("x")\nfrom rich import print\n', refersTo: ['builtins.print', 'rich.print'] },
  { title: 'a name assigned anywhere in a function is local to all of it', source: 'import json\ndef f():\n    «json».dumps(1)\n    json = None\n', refersTo: ['local@4'] },
  { title: 'comprehension and lambda variables stay inside them', source: 'names = [«print» for print in ("a",)]\nsquare = lambda print: «print»\n«print»(names)\n', refersTo: ['local@1', 'local@2', 'builtins.print'] },
  { title: "a comprehension's first iterable is evaluated in the enclosing scope, the rest inside", source: 'class C:\n    from os import sep\n    a = [x for x in «sep»]\n    b = [x for x in "ab" if x in «sep»]\n', refersTo: ['os.sep', 'builtins.sep'] },
  { title: 'class bodies do not enclose the functions defined in them', source: 'import datetime\nclass Clock:\n    from datetime import datetime\n    now = «datetime».now()\n    def read(self):\n        return «datetime».now()\n', refersTo: ['datetime.datetime', 'datetime'] },
  { title: 'a walrus in a comprehension binds in the enclosing function', source: 'import os\ndef f(rows):\n    if any((os := r) for r in rows):\n        return «os»\n', refersTo: ['local@3'] },
  {
    title: 'nonlocal refers to the enclosing function, global to the module',
    source: [
      'from rich import print',
      'def outer():',
      '    print = print_to_log',
      '    def inner():',
      '        nonlocal print',
      '        «print»("x")',
      '    def other():',
      '        global print',
      '        «print»("y")',
    ].join('\n'),
    refersTo: ['local@3', 'rich.print'],
  },
  { title: 'a global name in a function is the last module binding, even one made by another function', source: 'PREFIXES = []\ndef add():\n    global PREFIXES\n    «PREFIXES».append(1)\n    PREFIXES = [2]\n', refersTo: ['local@5'] },
  { title: 'del and the end of an except handler unbind a module name', source: 'from rich import print\ndel print\n«print»(1)\ntry:\n    pass\nexcept Exception as open:\n    «open»\n«open»\n', refersTo: ['builtins.print', 'local@6', 'builtins.open'] },
  {
    title: 'match captures bind: names, as-patterns, star and mapping rests; not dotted values or class names',
    source: [
      'def f(command):',
      '    match command:',
      '        case Point(x=a, y=[b, *rest]) as whole:',
      '            return «a», «b», «rest», «whole»',
      '        case {"k": v, **others}:',
      '            return «v», «others»',
      '        case Color.RED:',
      '            return «Color», «Point»',
    ].join('\n'),
    refersTo: ['local@3', 'local@3', 'local@3', 'local@3', 'local@5', 'local@5', 'builtins.Color', 'builtins.Point'],
  },
  { title: 'with and except targets, for targets and dotted imports bind', source: 'import os.path\nwith open(f) as (fa, fb):\n    pass\nfor i, (j, *k) in x:\n    pass\n«os», «fb», «k»\n', refersTo: ['os', 'local@2', 'local@4'] },
  { title: 'parameter defaults and decorators are evaluated in the enclosing scope', source: 'import json\ndef f(json=«json».dumps):\n    return «json»\n', refersTo: ['json', 'local@2'] },
  { title: 'type parameters live in their own scope', source: 'T = 1\ndef f[T](x: «T») -> «T»:\n    return x\n«T»\n', refersTo: ['local@2', 'local@2', 'local@1'] },
];

describe('scope model: the binding in force where a name is used', () => {
  before(() => initPythonParser());

  it('at module level takes the latest binding before the use (statement order)', () => {
    const source = 'import datetime\nA = «datetime».datetime.utcnow()\nfrom datetime import datetime\nB = «datetime».utcnow()\n';
    assert.equal(refersTo(source, 1), 'datetime');
    assert.equal(refersTo(source, 2), 'datetime.datetime');
    assert.equal(load(source.replace(/[«»]/g, '')).qualifiedName(marked(source, 1).node.parent!), 'datetime.datetime');
  });

  for (const { title, source, refersTo: expected } of CASES) {
    it(title, () => {
      assert.deepEqual(expected.map((_, index) => refersTo(source, index + 1)), expected);
    });
  }

  it('an unknown name after a star import may come from that module; builtins stay builtins', () => {
    const source = 'from datetime import *\n«datetime».now()\n«print»(1)\n';
    assert.equal(refersTo(source, 1), 'star:datetime');
    const { file, node } = marked(source, 1);
    assert.equal(file.qualifiedName(node.parent!), 'datetime.datetime.now');
    const printed = marked(source, 2);
    assert.equal(printed.file.qualifiedName(printed.node), 'builtins.print');
  });

  it('names compare after NFKC normalisation, as Python does', () => {
    const source = 'from rich import print\nｐｒｉｎｔ("x")\n';
    const file = load(source);
    const call = file.nodes('call')[0];
    assert.equal(file.qualifiedName(call.childForFieldName('function')!), 'rich.print');
  });
});
