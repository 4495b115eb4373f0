import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs';
import { AdaptiveScheduler, MAX_LINT_DELAY_MS, MIN_LINT_DELAY_MS } from '../../server/src/lsp/scheduler';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('adaptive lint scheduler', () => {
  it('waits about as long as a lint of the document takes, within its floor and cap', async () => {
    // A clock each lint advances by what it "took", so the estimate is exact.
    let clock = 0;
    const scheduler = new AdaptiveScheduler(() => clock);
    const lint = (ms: number) => async () => {
      clock += ms;
    };
    scheduler.schedule('fast', lint(2), 1);
    await sleep(30);
    scheduler.schedule('medium', lint(40), 1);
    await sleep(30);
    scheduler.schedule('slow', lint(900), 1);
    await sleep(30);
    assert.equal(scheduler.delayFor('fast'), MIN_LINT_DELAY_MS);
    assert.equal(scheduler.delayFor('medium'), 40);
    assert.equal(scheduler.delayFor('slow'), MAX_LINT_DELAY_MS);
    assert.equal(scheduler.delayFor('slow', 500), 500, 'a configured delay wins');
    scheduler.dispose();
  });

  it('runs only the newest of a burst, and never two lints of one document at once', async () => {
    const scheduler = new AdaptiveScheduler();
    const runs: number[] = [];
    let running = 0;
    let overlapped = false;
    const task = (n: number) => async () => {
      running++;
      if (running > 1) overlapped = true;
      runs.push(n);
      await sleep(60);
      running--;
    };
    for (let n = 1; n <= 5; n++) scheduler.schedule('doc', task(n), 5);
    // Wait for lint 5 to start (not a fixed time: a loaded machine fires timers late).
    while (running === 0) await sleep(1);
    // Typed while lint 5 runs: lint 6 waits for it, then runs at once.
    scheduler.schedule('doc', task(6), 5);
    scheduler.schedule('doc', task(7), 5);
    const deadline = Date.now() + 5000;
    while ((runs.length < 2 || running > 0) && Date.now() < deadline) await sleep(5);
    await sleep(50);
    assert.deepEqual(runs, [5, 7]);
    assert.equal(overlapped, false);
    scheduler.dispose();
  });

  it('drops what a closed document had scheduled', async () => {
    const scheduler = new AdaptiveScheduler();
    let ran = false;
    scheduler.schedule('doc', async () => {
      ran = true;
    }, 20);
    scheduler.cancel('doc');
    await sleep(60);
    assert.equal(ran, false);
  });

  it('with no delay, lints on the next turn of the event loop (before a 0 ms timer), the newest of a burst only, and can still be cancelled', async () => {
    const scheduler = new AdaptiveScheduler();
    const order: string[] = [];
    // As a didChange arrives: in an I/O callback, where the next turn's immediates always run before its timers.
    await new Promise<void>((done) =>
      readFile(__filename, () => {
        setTimeout(() => order.push('timer'), 0);
        for (const n of [1, 2, 3]) scheduler.schedule('doc', async () => void order.push(`lint ${n}`), 0);
        scheduler.schedule('closed', async () => void order.push('closed'), 0);
        scheduler.cancel('closed');
        done();
      }),
    );
    await sleep(20);
    assert.deepEqual(order, ['lint 3', 'timer']);
    scheduler.dispose();
  });
});
