/**
 * ## What it does
 * Flags an `ENV` or `ARG` whose name ends like a secret (`*_PASSWORD`,
 * `*_PASSWD`, `*_SECRET`, `*_TOKEN`, `*_KEY`, or just `PASSWORD`,
 * `SECRET`, `TOKEN`) and whose value is a literal, in any stage. An `ARG`
 * without a default, an empty value, a value that refers to a variable
 * (`${DB_PASSWORD}`) or a file path (`/run/secrets/db_password`) is fine,
 * and so are public keys (`GPG_KEY`, `*_PUBLIC_KEY`), which official
 * images set to key fingerprints. Docker's own `SecretsUsedInArgOrEnv`
 * build check warns about such names whatever their value.
 *
 * ## Why is this bad?
 * A value written in the Dockerfile is baked into the image: anyone who can
 * pull the image reads it with `docker history` or `docker inspect`, and it
 * sits in the repository. Services read secrets from the environment at run
 * time (§3.1, §6.1).
 *
 * ## Example
 * ```dockerfile
 * ENV DATABASE_PASSWORD=hunter2
 * ARG PYPI_TOKEN=pypi-AgEIcHlwaS5vcmc
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * # Given at run time: docker run -e DATABASE_PASSWORD ...
 * RUN --mount=type=secret,id=pypi_token \
 *     PIP_INDEX_URL="https://__token__:$(cat /run/secrets/pypi_token)@pypi.example/simple" \
 *     pip install --no-cache-dir -r requirements.txt
 * ```
 */
import type { Arg, Env } from 'dockerfile-ast';
import { defineDockerfileRule } from '../rule';

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY)$/i;
const PUBLIC_NAME = /(^|_)(GPG|PUBLIC|PUB)_KEY$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !PUBLIC_NAME.test(name);
}

/** True for a value written out in the Dockerfile: not empty, no variable reference, not a path. */
export function isLiteralValue(value: string | null): boolean {
  if (value === null) return false;
  const trimmed = value.trim();
  return trimmed !== '' && !trimmed.includes('$') && !trimmed.startsWith('/');
}

export default defineDockerfileRule({
  meta: {
    id: 'secret-in-dockerfile',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    ruff: [],
    fixable: false,
    summary: 'an `ENV` or `ARG` named like a secret (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_KEY`) with a literal value',
    sections: ['§2.7', '§3.1'],
  },
  check(file, report) {
    for (const instruction of file.ast.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      for (const property of (instruction as Env | Arg).getProperties()) {
        const name = property.getName();
        if (!isSecretName(name) || !isLiteralValue(property.getValue())) continue;
        const range = property.getRange();
        report({
          range: { start: file.lines.positionAt(file.offset(range.start)), end: file.lines.positionAt(file.offset(range.end)) },
          message: `\`${name}\` is set to a literal in the ${keyword}: it ships in the image's layers and history; pass it at run time or through a secret mount (§2.7, §3.1)`,
        });
      }
    }
  },
});
