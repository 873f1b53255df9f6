/**
 * Seeded pseudo-random numbers (sfc32). Every random function in prefsim takes an `Rng`,
 * so a seed fixes a whole run (STYLE.md §8).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A new independent stream derived from this one. */
  fork(): Rng;
}

/** Mixes a 32-bit seed so nearby seeds give unrelated streams (splitmix32). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Makes a seeded generator. The same seed always gives the same stream. */
export function makeRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`rng seed: expected a finite number, got ${seed}`);
  const mix = splitmix32(Math.floor(seed));
  let a = mix(),
    b = mix(),
    c = mix(),
    d = mix();
  let spare: number | null = null;
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    uniform: (lo, hi) => lo + (hi - lo) * rng.next(),
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: () => makeRng(nextU32()),
  };
  return rng;
}

export { seedFor, SCENE_SEED_SPACES, type SeedSpace } from './seeds.ts';
