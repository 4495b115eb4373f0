/**
 * ## What it does
 * Flags a final image that is not built on the official `python` image's
 * `-slim` variant with a Python the policy allows (3.10–3.12 by default,
 * `[tool.stacklint.python]` to change). Only the stages the final image is
 * made of count: a builder stage on `python:3.11` or `node:20` is fine.
 * A stage built on an earlier one (`FROM base`) is followed to its image;
 * `ARG PY=3.11` / `FROM python:${PY}-slim` is read with the ARG's default
 * (an ARG without a default is not guessed at); tags with a patch version
 * (`3.11.9-slim`), a Debian release (`3.11-slim-bookworm`) or a digest
 * (`@sha256:...`) are fine.
 *
 * ## Why is this bad?
 * The standard ships every service on `python:3.11-slim` (§2.7): smaller,
 * with security updates, the official image, and a Python inside the range
 * the code is tested on (§5). `alpine` breaks manylinux wheels, the full
 * image is five times larger, `latest` or `3` float to untested Pythons.
 *
 * ## Example
 * ```dockerfile
 * FROM python:3.9
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * FROM python:3.11-slim
 * ```
 *
 * The fix writes `python:3.11-slim` (or keeps an allowed version and adds
 * `-slim`); it is unsafe: system packages (`apk`, build tools) may differ.
 */
import { pythonRange } from '../../policy/policy';
import type { StacklintConfig } from '../../core/config';
import { inRange, isOfficialPython, parseImageReference, pythonTag, standardPython, type ImageReference } from '../image';
import { defineDockerfileRule } from '../rule';

export default defineDockerfileRule({
  meta: {
    id: 'off-stack-base-image',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: 'a final image not built on `python:3.1x-slim` with a Python the policy allows',
    sections: ['§2.7', '§5'],
  },
  check(file, report, { config }) {
    const root = file.finalChain[0];
    if (!root) return;
    const range = root.from.getImageRange();
    const written = root.from.getImage();
    if (!range || !written) return;
    const image = file.expandGlobal(written);
    if (image === undefined) return;
    const problem = baseImageProblem(parseImageReference(image), config);
    if (!problem) return;
    const target = fixTarget(parseImageReference(image), config);
    const start = file.offset(range.start);
    const end = file.offset(range.end);
    const shown = image === written ? `\`${image}\`` : `\`${written}\` (\`${image}\`)`;
    report({
      range: file.range(start, end),
      message: `The final image is built on ${shown}: ${problem}; use \`${target}\` (§2.7, §5)`,
      fix: {
        title: `Use \`${target}\``,
        // Not behaviour-preserving: another distribution or Python runs the same instructions.
        safe: false,
        edits: [{ range: file.range(start, end), newText: target }],
      },
    });
  },
});

function baseImageProblem(reference: ImageReference, config: StacklintConfig): string | undefined {
  const range = pythonRange(config);
  const { min, max } = range;
  if (!isOfficialPython(reference)) return 'not the official `python` image';
  // A bare digest pins an image whose Python cannot be read from its name.
  if (!reference.tag && reference.digest) return undefined;
  const tag = pythonTag(reference.tag);
  if (!tag.minor) return `\`${reference.tag ?? 'latest'}\` does not pin a Python minor version`;
  if (!inRange(tag.minor, range)) return `Python ${tag.minor.join('.')} is outside the standard's ${min}–${max}`;
  if (!tag.slim) return tag.variant ? `\`-${tag.variant}\` is not the \`-slim\` variant` : 'the full image, not the `-slim` variant';
  return undefined;
}

/** Keeps an allowed version (and a Debian release) and makes it slim; otherwise the standard's image. */
function fixTarget(reference: ImageReference, config: StacklintConfig): string {
  const tag = pythonTag(reference.tag);
  const range = pythonRange(config);
  if (isOfficialPython(reference) && tag.minor && tag.version && inRange(tag.minor, range)) {
    const release = DEBIAN.exec(tag.variant)?.[1];
    return `${reference.name}:${tag.version}-slim${release ? `-${release}` : ''}`;
  }
  return `python:${standardPython(range)}-slim`;
}

const DEBIAN = /(?:^|-)(bookworm|bullseye|buster|trixie)$/;
