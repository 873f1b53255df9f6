/**
 * The share of a ceiling's gain over a baseline that a method reaches, (x − base) / (top − base)
 * of mean final metrics, with a 95 % percentile-bootstrap interval over paired seeds (each
 * resample draws seeds, and all three are read on those seeds). Selection efficiency (issue 19)
 * is RAS against SL and the oracle; a policy's share (issue 13) is SL against random and the expert.
 */
import { makeRng } from '../../core/rng.ts';

export interface GainShare {
  /** Point estimate on all seeds; NaN when top and base tie on average. */
  share: number;
  lo: number;
  hi: number;
  n: number;
}

const BOOTSTRAP = 2000;

function ratio(x: number[], base: number[], top: number[], idx: readonly number[]): number {
  let r = 0,
    s = 0,
    o = 0;
  for (const i of idx) {
    r += x[i];
    s += base[i];
    o += top[i];
  }
  return o - s === 0 ? NaN : (r - s) / (o - s);
}

/** `x`, `base` and `top` hold one final metric per seed, in the same seed order. */
export function gainShare(x: number[], base: number[], top: number[], seed = 0): GainShare {
  const n = x.length;
  if (base.length !== n || top.length !== n) throw new Error('gainShare: the three series need the same seeds');
  const all = Array.from({ length: n }, (_, i) => i);
  const rng = makeRng(seed);
  const boot: number[] = [];
  for (let k = 0; k < BOOTSTRAP && n > 1; k++) {
    const e = ratio(
      x,
      base,
      top,
      all.map(() => rng.int(n)),
    );
    if (Number.isFinite(e)) boot.push(e);
  }
  boot.sort((a, b) => a - b);
  const q = (p: number) => (boot.length ? boot[Math.min(boot.length - 1, Math.floor(p * boot.length))] : NaN);
  return { share: n ? ratio(x, base, top, all) : NaN, lo: q(0.025), hi: q(0.975), n };
}
