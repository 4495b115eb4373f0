import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from 'recheck';
import * as ts from 'typescript';

// Every regular expression in the server must run in linear time: a quadratic
// one turns an 80,000-character line into seconds of blocked editor. recheck
// proves it per pattern; this test collects all of them from the sources so a
// new one cannot slip in unchecked.

const SERVER = join(__dirname, '..', '..', '..', '..', 'server', 'src');

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The string a `new RegExp` argument builds. Interpolated module constants are
 * resolved; anything else (a word the code escapes first) stands for one
 * identifier-like word, which is what the code puts there.
 */
function evaluate(node: ts.Expression, constants: Map<string, ts.Expression>): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw') {
    const template = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(template)) return template.rawText ?? template.text;
    let text = template.head.rawText ?? template.head.text;
    for (const span of template.templateSpans) text += evaluate(span.expression, constants) + (span.literal.rawText ?? span.literal.text);
    return text;
  }
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) text += evaluate(span.expression, constants) + span.literal.text;
    return text;
  }
  if (ts.isIdentifier(node) && constants.has(node.text)) return evaluate(constants.get(node.text)!, constants);
  if (ts.isRegularExpressionLiteral(node)) return literalParts(node.text).source;
  return 'word';
}

function literalParts(text: string): { source: string; flags: string } {
  const end = text.lastIndexOf('/');
  return { source: text.slice(1, end), flags: text.slice(end + 1) };
}

function patternsOf(path: string): Pattern[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Expression>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration.initializer);
    }
  }
  const patterns: Pattern[] = [];
  const where = (node: ts.Node) => `${relative(SERVER, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) patterns.push({ where: where(node), ...literalParts(node.text) });
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === 'RegExp' && node.arguments?.length) {
      const [source, flags] = node.arguments;
      patterns.push({ where: where(node), source: evaluate(source, constants), flags: flags ? evaluate(flags, constants) : '' });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return patterns;
}

describe('regular expressions', function () {
  this.timeout(600_000);

  const patterns = sourceFiles(SERVER).flatMap(patternsOf);

  it('are all found in the server sources, literals and constructed ones alike', () => {
    assert.ok(patterns.length > 100, `only ${patterns.length} patterns found`);
    assert.ok(patterns.some((p) => p.where.startsWith('python/sql.ts') && p.source.includes('[\\w$."\\`\\[\\]]+')), 'interpolated constants are resolved');
  });

  it('are each proved linear by recheck', async () => {
    const unsafe: string[] = [];
    // A few at a time: each check is a call into recheck's checker process.
    for (let i = 0; i < patterns.length; i += 8) {
      const batch = patterns.slice(i, i + 8);
      const results = await Promise.all(batch.map((p) => check(p.source, p.flags, { timeout: 60_000 })));
      results.forEach((result, j) => {
        if (result.status !== 'safe') {
          const detail = result.status === 'vulnerable' ? `${result.complexity.type}, attack ${result.attack.pattern.slice(0, 60)}` : result.status;
          unsafe.push(`${batch[j].where} /${batch[j].source}/${batch[j].flags}: ${detail}`);
        }
      });
    }
    assert.deepEqual(unsafe, []);
  });
});
