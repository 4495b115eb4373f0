// Preloaded into the CLI child when GNU time is missing: writes the child's
// own peak resident set (kB) where the benchmark asked, as it exits.
'use strict';
const target = process.env.STACKLINT_BENCH_RSS;
if (target) {
  process.on('exit', () => require('node:fs').writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
