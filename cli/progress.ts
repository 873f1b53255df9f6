import cliProgress from 'cli-progress';

/** A progress bar on stderr; silent when stderr is not a terminal or when `quiet`. */
export function makeProgress(label: string, total: number, quiet = false): { tick(info?: string): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
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
