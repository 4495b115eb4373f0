/** Runs one task per key after a quiet period; a newer request for the key replaces the older. */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, task: () => void, delayMs = this.delayMs): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        task();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/** The shortest pause before a lint: below it, a burst of keystrokes would lint on every one. */
export const MIN_LINT_DELAY_MS = 10;
/** The longest: a slow file still lints within about this long after the user stops. */
export const MAX_LINT_DELAY_MS = 150;

interface KeyState {
  /** Cancels the lint waiting to start. */
  cancelTimer?: () => void;
  /** A lint of this key is running; a new one waits for it. */
  running?: Promise<void>;
  /** The task asked for while one was running. */
  pending?: () => Promise<void>;
  /** How long this key's lints take (moving average), in milliseconds. */
  averageMs?: number;
}

/**
 * Lints a document once the user has paused for about as long as its lint
 * takes (at least MIN_LINT_DELAY_MS, at most MAX_LINT_DELAY_MS) and the
 * previous lint of it is done, instead of after a fixed delay: a small file
 * updates almost at once, a large one is not re-linted on every keystroke.
 * A fixed delay (the `stacklint.lintDelay` setting) overrides the estimate.
 */
export class AdaptiveScheduler {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The pause before the next lint of `key`, given a fixed delay from the settings (null: adaptive). */
  delayFor(key: string, fixedMs: number | null = null): number {
    if (fixedMs !== null) return fixedMs;
    const average = this.keys.get(key)?.averageMs ?? MAX_LINT_DELAY_MS / 3;
    return Math.round(Math.min(MAX_LINT_DELAY_MS, Math.max(MIN_LINT_DELAY_MS, average)));
  }

  schedule(key: string, task: () => Promise<void>, fixedMs: number | null = null): void {
    const state = this.state(key);
    state.cancelTimer?.();
    const start = () => {
      state.cancelTimer = undefined;
      if (state.running) state.pending = task;
      else void this.run(key, state, task);
    };
    const delay = this.delayFor(key, fixedMs);
    // No delay means the next turn of the event loop: a timer of 0 waits at least a millisecond.
    if (delay === 0) {
      const immediate = setImmediate(start);
      state.cancelTimer = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(start, delay);
      state.cancelTimer = () => clearTimeout(timer);
    }
  }

  private async run(key: string, state: KeyState, task: () => Promise<void>): Promise<void> {
    const started = this.now();
    state.running = task().catch(() => undefined);
    await state.running;
    const took = this.now() - started;
    state.averageMs = state.averageMs === undefined ? took : state.averageMs * 0.7 + took * 0.3;
    state.running = undefined;
    const next = state.pending;
    state.pending = undefined;
    // The user typed while this lint ran: lint the newest text now, the pause already happened.
    if (next && this.keys.get(key) === state) void this.run(key, state, next);
  }

  cancel(key: string): void {
    const state = this.keys.get(key);
    state?.cancelTimer?.();
    this.keys.delete(key);
  }

  dispose(): void {
    for (const key of [...this.keys.keys()]) this.cancel(key);
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) this.keys.set(key, (state = {}));
    return state;
  }
}
