/** Reward-quality statistics (METHODS §9): preference accuracy and rank correlation. Pure. */

/** Average ranks (ties share their mean rank), 0-based. */
export function ranks(xs: ArrayLike<number>): Float64Array {
  const idx = Array.from(xs, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Float64Array(xs.length);
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && xs[idx[e + 1]] === xs[idx[s]]) e++;
    for (let k = s; k <= e; k++) r[idx[k]] = (s + e) / 2;
    s = e + 1;
  }
  return r;
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length !== v.length) throw new Error(`pearson: lengths ${u.length} and ${v.length} differ`);
  const n = u.length;
  let mu = 0,
    mv = 0;
  for (let i = 0; i < n; i++) {
    mu += u[i] / n;
    mv += v[i] / n;
  }
  let suv = 0,
    suu = 0,
    svv = 0;
  for (let i = 0; i < n; i++) {
    suv += (u[i] - mu) * (v[i] - mv);
    suu += (u[i] - mu) ** 2;
    svv += (v[i] - mv) ** 2;
  }
  return suu > 0 && svv > 0 ? suv / Math.sqrt(suu * svv) : NaN;
}

/** Spearman ρ: Pearson correlation of the tie-averaged ranks. */
export function spearman(u: ArrayLike<number>, v: ArrayLike<number>): number {
  return pearson(ranks(u), ranks(v));
}

/**
 * Preference accuracy: fraction of decisive pairs (y ≠ 0.5) where σ(r_A − r_B) sides with y.
 * `p` are predicted P(A ≻ B). Ties in y are not counted; NaN when there is no decisive pair.
 */
export function preferenceAccuracy(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let right = 0,
    n = 0;
  for (let i = 0; i < p.length; i++) {
    if (y[i] === 0.5) continue;
    n++;
    if ((p[i] > 0.5 ? 1 : 0) === y[i]) right++;
  }
  return n ? right / n : NaN;
}
