/**
 * ## What it does
 * Flags `pip install` (also `pip3`, `python -m pip`, in shell form, exec
 * form and `RUN <<EOF` scripts) in a stage of the final image without
 * `--no-cache-dir`. Not reported when the cache cannot end up in the layer:
 * `PIP_NO_CACHE_DIR` set by `ENV`/`ARG` before it or on the command
 * (pip treats any value as "no cache"), a BuildKit cache mount
 * (`RUN --mount=type=cache,target=/root/.cache/pip`), or the same RUN
 * removing the cache (`rm -rf /root/.cache/pip`, `pip cache purge`).
 * Builder stages are not reported: their cache is left behind. hadolint's
 * DL3042 is the same check.
 *
 * ## Why is this bad?
 * pip keeps every downloaded wheel in `~/.cache/pip`, which then ships in
 * the image layer: tens to hundreds of megabytes that are never used again.
 * The standard installs with `pip install --no-cache-dir -r requirements.txt`
 * (§2.7).
 *
 * ## Example
 * ```dockerfile
 * RUN pip install -r requirements.txt
 * ```
 *
 * ## Use instead
 * ```dockerfile
 * RUN pip install --no-cache-dir -r requirements.txt
 * ```
 *
 * The fix adds `--no-cache-dir` after `install`; it is safe: the same
 * packages are installed.
 */
import type { Env } from 'dockerfile-ast';
import { insertAfterWord } from '../edits';
import type { DockerfileFile } from '../file';
import { pipInstalls, type PipInstall } from '../pip';
import { defineDockerfileRule } from '../rule';

export default defineDockerfileRule({
  meta: {
    id: 'pip-no-cache-dir',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: '`pip install` without `--no-cache-dir` in a stage of the final image',
    sections: ['§2.7'],
  },
  check(file, report) {
    const chain = file.finalChain;
    for (const install of pipInstalls(file)) {
      if (!chain.includes(install.stage) || install.noCacheDir || cacheStaysOut(file, install)) continue;
      const edit = insertAfterWord(file, install.install, '--no-cache-dir', install.exec);
      report({
        range: file.range(install.pip.start, install.install.end),
        message: '`pip install` without `--no-cache-dir` keeps its download cache in the image; add `--no-cache-dir` (§2.7)',
        fix: edit && { title: 'Add `--no-cache-dir`', safe: true, edits: [edit] },
      });
    }
  },
});

const PIP_NO_CACHE_DIR = /^PIP_NO_CACHE_DIR$/;

function cacheStaysOut(file: DockerfileFile, install: PipInstall): boolean {
  if (install.words.some((word) => word.value.startsWith('PIP_NO_CACHE_DIR='))) return true;
  const cacheMount = install.run.getFlags().some((flag) => flag.getName() === 'mount'
    && /(^|,)type=cache(,|$)/.test(flag.getValue() ?? '')
    && /(^|,)(target|dst|destination)=[^,]*(\.cache|pip)/.test(flag.getValue() ?? ''));
  if (cacheMount) return true;
  const cleaned = install.siblings.some((command) => {
    const values = command.map((word) => word.value);
    return (values[0] === 'rm' && values.some((value) => /\.cache(\/pip)?\/?$/.test(value)))
      || (/^pip[0-9.]*$/.test(values[0] ?? '') && values[1] === 'cache' && values[2] === 'purge');
  });
  if (cleaned) return true;
  // ENV or ARG in the same stage chain, before this RUN.
  const line = install.run.getRange().start.line;
  return file.finalChain.some((stage) => stage.instructions.some((instruction) => {
    const keyword = instruction.getKeyword();
    if ((keyword !== 'ENV' && keyword !== 'ARG') || instruction.getRange().start.line > line) return false;
    return (instruction as Env).getProperties().some((property) => PIP_NO_CACHE_DIR.test(property.getName()) && Boolean(property.getValue()));
  }));
}
