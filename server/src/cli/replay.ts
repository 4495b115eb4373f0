// The `stacklint` command's entry point: the last run's report when the same
// command runs on an unchanged tree (runMemo.ts), else the CLI itself. This
// bundle is small, so a replay does not pay for loading the linter.
import { join } from 'node:path';
import { CACHE_DIR } from '../engine/cache';
import { replayLastRun } from './runMemo';

const startedAt = process.hrtime.bigint();
if (!replayLastRun(process.argv.slice(2), __dirname, CACHE_DIR, startedAt)) require(join(__dirname, 'cli.js'));
