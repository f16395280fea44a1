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

/** Irrep labels (m, n) for all m, n in 0..max step 1/2. */
export function labelsUpTo(max: number): [number, number][] {
  return spinsUpTo(max).flatMap((m) => spinsUpTo(max).map((n) => [m, n] as [number, number]));
}

const su2Cache = new Map<string, (a1: number, a2: number, j: number, a: number) => number>();

/** Memoized {@link su2Reference}. */
export function su2Ref(j1: number, a1: number, j2: number, a2: number, j: number, a: number): number {
  if (Math.abs(a1 + a2 - a) > 1e-9 || j > j1 + j2 + 1e-9 || j < Math.abs(j1 - j2) - 1e-9 || Math.abs(a) > j + 1e-9) return 0;
  const key = `${j1},${j2}`;
  let f = su2Cache.get(key);
  if (f === undefined) {
    f = su2Reference(j1, j2);
    su2Cache.set(key, f);
  }
  return f(a1, a2, j, a);
}

/** Canonical change of basis of (m, n) from the reference SU(2) coefficients: d x d row-major. */
export function canonicalReference(m: number, n: number): Float64Array {
  const q = Math.round(2 * n + 1);
  const d = Math.round(2 * m + 1) * q;
  const c = new Float64Array(d * d);
  let row = 0;
  for (let l = Math.abs(m - n); l <= m + n + 1e-9; l++) {
    for (let mu = -l; mu <= l + 1e-9; mu++, row++) {
      for (let a = -m; a <= m + 1e-9; a++) {
        const b = mu - a;
        if (Math.abs(b) > n + 1e-9) continue;
        c[row * d + Math.round(a + m) * q + Math.round(b + n)] = su2Ref(m, a, n, b, l, mu);
      }
    }
  }
  return c;
}

/** Dense product-basis Lorentz table [i1][i2][i] from the reference SU(2) coefficients. */
export function productTableReference(m1: number, n1: number, m2: number, n2: number, m: number, n: number): Float64Array {
  const [q1, q2, q] = [n1, n2, n].map((x) => Math.round(2 * x + 1));
  const d1 = Math.round(2 * m1 + 1) * q1;
  const d2 = Math.round(2 * m2 + 1) * q2;
  const d = Math.round(2 * m + 1) * q;
  const h = new Float64Array(d1 * d2 * d);
  for (let a1 = -m1; a1 <= m1 + 1e-9; a1++) for (let b1 = -n1; b1 <= n1 + 1e-9; b1++) {
    for (let a2 = -m2; a2 <= m2 + 1e-9; a2++) for (let b2 = -n2; b2 <= n2 + 1e-9; b2++) {
      const a = a1 + a2;
      const b = b1 + b2;
      if (Math.abs(a) > m + 1e-9 || Math.abs(b) > n + 1e-9) continue;
      const i1 = Math.round(a1 + m1) * q1 + Math.round(b1 + n1);
      const i2 = Math.round(a2 + m2) * q2 + Math.round(b2 + n2);
      const i = Math.round(a + m) * q + Math.round(b + n);
      h[(i1 * d2 + i2) * d + i] = su2Ref(m1, a1, m2, a2, m, a) * su2Ref(n1, b1, n2, b2, n, b);
    }
  }
  return h;
}

/** Dense canonical table H[i1,i2,i] = sum C1[i1,p1] C2[i2,p2] C[i,p] Hprod[p1,p2,p], by three contractions. */
export function canonicalTableReference(m1: number, n1: number, m2: number, n2: number, m: number, n: number): Float64Array {
  const hp = productTableReference(m1, n1, m2, n2, m, n);
  const c1 = canonicalReference(m1, n1);
  const c2 = canonicalReference(m2, n2);
  const c = canonicalReference(m, n);
  const d1 = Math.round(Math.sqrt(c1.length));
  const d2 = Math.round(Math.sqrt(c2.length));
  const d = Math.round(Math.sqrt(c.length));
  const t1 = new Float64Array(d1 * d2 * d);
  for (let i1 = 0; i1 < d1; i1++) for (let p1 = 0; p1 < d1; p1++) {
    const w = c1[i1 * d1 + p1];
    if (w !== 0) for (let r = 0; r < d2 * d; r++) t1[i1 * d2 * d + r] += w * hp[p1 * d2 * d + r];
  }
  const t2 = new Float64Array(d1 * d2 * d);
  for (let i1 = 0; i1 < d1; i1++) for (let i2 = 0; i2 < d2; i2++) for (let p2 = 0; p2 < d2; p2++) {
    const w = c2[i2 * d2 + p2];
    if (w !== 0) for (let p = 0; p < d; p++) t2[(i1 * d2 + i2) * d + p] += w * t1[(i1 * d2 + p2) * d + p];
  }
  const out = new Float64Array(d1 * d2 * d);
  for (let r = 0; r < d1 * d2; r++) for (let i = 0; i < d; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += c[i * d + p] * t2[r * d + p];
    out[r * d + i] = s;
  }
  return out;
}
