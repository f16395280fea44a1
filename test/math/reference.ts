/**
 * Slow, obviously-correct float references for the exact Clebsch-Gordan code, built by other
 * algorithms than the library's.
 */

/** Twice-spin values for j in 0..max step 1/2, i.e. doubled 0..2max. */
export function spinsUpTo(max: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= 2 * max; t++) out.push(t / 2);
  return out;
}

/**
 * All SU(2) Clebsch-Gordan coefficients for spins j1, j2, as floats, by construction of the coupled
 * states: |j1+j2, j1+j2> = |j1 j1>|j2 j2>, lowering with J- = J-(1) + J-(2), and, for each smaller
 * j, the unit vector orthogonal to all states already built at projection j, with the Condon-Shortley
 * phase <j1 j1; j2 j-j1 | j j> > 0. Returns a lookup cg(a1, a2, j, a).
 */
export function su2Reference(j1: number, j2: number): (a1: number, a2: number, j: number, a: number) => number {
  const n1 = Math.round(2 * j1 + 1);
  const n2 = Math.round(2 * j2 + 1);
  const dim = n1 * n2;
  const idx = (a1: number, a2: number) => Math.round(a1 + j1) * n2 + Math.round(a2 + j2);
  const states = new Map<string, Float64Array>();
  const key = (j: number, a: number) => `${j},${a}`;
  const lower = (v: Float64Array): Float64Array => {
    const out = new Float64Array(dim);
    for (let a1 = -j1; a1 <= j1 + 1e-9; a1++) {
      for (let a2 = -j2; a2 <= j2 + 1e-9; a2++) {
        const c = v[idx(a1, a2)];
        if (c === 0) continue;
        if (a1 > -j1 + 1e-9) out[idx(a1 - 1, a2)] += c * Math.sqrt((j1 + a1) * (j1 - a1 + 1));
        if (a2 > -j2 + 1e-9) out[idx(a1, a2 - 1)] += c * Math.sqrt((j2 + a2) * (j2 - a2 + 1));
      }
    }
    return out;
  };
  for (let j = j1 + j2; j >= Math.abs(j1 - j2) - 1e-9; j--) {
    // Top state: orthogonal to the states |j', j> with j' > j, found by Gram-Schmidt on basis vectors.
    let top: Float64Array | null = null;
    for (let a1 = -j1; a1 <= j1 + 1e-9 && top === null; a1++) {
      const a2 = j - a1;
      if (Math.abs(a2) > j2 + 1e-9) continue;
      const v = new Float64Array(dim);
      v[idx(a1, a2)] = 1;
      for (let jp = j1 + j2; jp > j + 1e-9; jp--) {
        const u = states.get(key(jp, j))!;
        let dot = 0;
        for (let k = 0; k < dim; k++) dot += u[k] * v[k];
        for (let k = 0; k < dim; k++) v[k] -= dot * u[k];
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += v[k] * v[k];
      if (norm > 1e-8) {
        norm = Math.sqrt(norm);
        for (let k = 0; k < dim; k++) v[k] /= norm;
        top = v;
      }
    }
    if (top === null) throw new Error('no top state');
    if (top[idx(j1, j - j1)] < 0) for (let k = 0; k < dim; k++) top[k] = -top[k];
    states.set(key(j, j), top);
    let v = top;
    for (let a = j; a > -j + 1e-9; a--) {
      v = lower(v);
      const f = Math.sqrt((j + a) * (j - a + 1));
      for (let k = 0; k < dim; k++) v[k] /= f;
      states.set(key(j, a - 1), v);
    }
  }
  return (a1, a2, j, a) => {
    const s = states.get(key(j, a));
    if (s === undefined || Math.abs(a1) > j1 || Math.abs(a2) > j2) return 0;
    return s[idx(a1, a2)];
  };
}
