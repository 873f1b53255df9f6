import cliProgress from 'cli-progress';

export interface Progress {
  tick(info?: string): void;
  stop(): void;
}

/** Where a progress display writes and how it reads the clock (tests pass their own). */
export interface ProgressEnv {
  write(text: string): void;
  isTTY: boolean;
  /** Milliseconds. */
  now(): number;
  /** Calls `fn` every `ms`; returns a cancel function. */
  every(ms: number, fn: () => void): () => void;
}

const stderrEnv = (): ProgressEnv => ({
  write: (t) => process.stderr.write(t),
  isTTY: !!process.stderr.isTTY,
  now: () => performance.now(),
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    timer.unref(); // never keeps a finished command alive
    return () => clearInterval(timer);
  },
});

/** A line at least this often without a TTY, and at every tenth of the total. */
export const PLAIN_INTERVAL_MS = 10_000;

/** "1 m 05 s" style durations for the time left. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

/**
 * Progress on stderr: a cli-progress bar on a terminal; otherwise (logs, CI, pipes) one plain line
 * at least every 10 s and at every 10 % of `total`, with the rate and the time left. It shows with
 * --json too: --json changes only stdout.
 */
export function makeProgress(label: string, total: number, env: ProgressEnv = stderrEnv()): Progress {
  return env.isTTY ? makeBar(label, total) : makePlainProgress(label, total, env);
}

function makeBar(label: string, total: number): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {info}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { info: '' });
  return {
    tick: (info = '') => bar.increment(1, { info }),
    stop: () => bar.stop(),
  };
}

function makePlainProgress(label: string, total: number, env: ProgressEnv): Progress {
  const start = env.now();
  let value = 0;
  let info = '';
  let lastDecile = 0;
  let lastLineAt = start;
  let stopped = false;
  const line = (): void => {
    const elapsed = (env.now() - start) / 1000;
    const rate = elapsed > 0 ? value / elapsed : 0;
    const pct = total > 0 ? Math.floor((100 * value) / total) : 100;
    const left = value >= total ? 0 : rate > 0 ? (total - value) / rate : Infinity;
    const rateText = rate >= 1 || rate === 0 ? `${rate.toFixed(1)}/s` : `${(60 * rate).toFixed(1)}/min`;
    env.write(
      `${label} ${value}/${total} (${pct} %) ${rateText}, ${formatDuration(left)} left${info ? ` ${info}` : ''}\n`,
    );
    lastLineAt = env.now();
  };
  const cancel = env.every(PLAIN_INTERVAL_MS, () => {
    if (!stopped && env.now() - lastLineAt >= PLAIN_INTERVAL_MS - 1) line();
  });
  return {
    tick: (i = '') => {
      value++;
      info = i;
      const decile = total > 0 ? Math.floor((10 * value) / total) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        line();
      }
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      cancel();
      if (value < total && value > 0) line(); // where an early stop left off
    },
  };
}
