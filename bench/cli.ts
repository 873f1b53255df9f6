/**
 * `npm run bench -- cli [runs] [--tsx]`: wall time from spawning `node bin/prefsim.js` to its exit,
 * for `--help` and `tasks --json` (targets ≤ 0.7 s and ≤ 1.5 s). One untimed run first makes sure
 * dist/ is current. Medians in seconds with a distribution-free 95 % interval of the median (order
 * statistics). `--tsx` adds the old start through tsx (`node --import tsx cli/main.ts`) for comparison.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const COMMANDS: Record<string, string[]> = { help: ['--help'], tasksJson: ['tasks', '--json'] };

/** Seconds for one run of `node …args`; throws if it fails. */
function timeOnce(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`bench cli: node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialCdf(k: number, n: number): number {
  let p = 0;
  let c = 1; // C(n, i)
  for (let i = 0; i <= k; i++) {
    p += c;
    c = (c * (n - i)) / (i + 1);
  }
  return p / 2 ** n;
}

/** Median and its 95 % order-statistic interval [x(l), x(n+1−l)]. */
export function medianWithInterval(values: number[]): { median: number; ci95: [number, number]; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
  let l = 0; // largest l with P(X < l) ≤ 2.5 %
  while (l + 1 <= n / 2 && binomialCdf(l, n) <= 0.025) l++;
  const lo = Math.max(l, 1);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { median: round(median), ci95: [round(s[lo - 1]), round(s[n - lo])], n };
}

export default async function (args: string[]): Promise<unknown> {
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
  const withTsx = args.includes('--tsx');
  const out: Record<string, unknown> = { unit: 's', runs };
  for (const [name, argv] of Object.entries(COMMANDS)) {
    timeOnce(['bin/prefsim.js', ...argv]);
    out[name] = medianWithInterval(Array.from({ length: runs }, () => timeOnce(['bin/prefsim.js', ...argv])));
    if (withTsx)
      out[`${name}Tsx`] = medianWithInterval(
        Array.from({ length: Math.min(runs, 7) }, () => timeOnce(['--import', 'tsx', 'cli/main.ts', ...argv])),
      );
  }
  return out;
}
