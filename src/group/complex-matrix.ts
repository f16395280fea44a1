/**
 * A small dense complex matrix (real and imaginary parts in two row-major Float64Arrays), with the
 * handful of operations representation theory needs: products, Kronecker products, adjoints and
 * inverses of matrices of a few dozen rows.
 *
 * @packageDocumentation
 */
import Complex from 'complex.js';
import { IndexError, NumericsError, ShapeError, invalid } from '../errors';

/**
 * A complex number as the API accepts it: a complex.js `Complex`, a plain `{ re, im }`, or a real number.
 * @example
 * ```ts
 * import Complex from 'complex.js';
 * import { ComplexMatrix, type ComplexLike } from 'lorentz-irreps';
 * const row: ComplexLike[] = [new Complex(1, 1), { re: 0, im: 2 }, 3];
 * console.assert(ComplexMatrix.fromComplex([row]).cols === 3);
 * ```
 */
export type ComplexLike = Complex | { re: number; im: number } | number;

function checkDimension(fn: string, argument: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new ShapeError(invalid(fn, argument, 'a non-negative integer', value));
  }
}

function readComplex(fn: string, argument: string, value: unknown): [number, number] {
  if (typeof value === 'number') return [value, 0];
  if (value !== null && typeof value === 'object') {
    const v = value as { re?: unknown; im?: unknown };
    if (typeof v.re === 'number' && typeof v.im === 'number') return [v.re, v.im];
  }
  throw new ShapeError(invalid(fn, argument, 'made of complex numbers (Complex, { re, im } or number)', value));
}

/**
 * A dense complex matrix of shape rows x cols, stored row-major: entry (i, j) is
 * `re[i * cols + j] + i * im[i * cols + j]`.
 *
 * Every operation returns a new matrix and leaves its operands alone. The constructor takes the
 * arrays as given (no copy), so a caller that keeps a reference to them owns that aliasing.
 *
 * @example
 * ```ts
 * import { ComplexMatrix } from 'lorentz-irreps';
 * const a = ComplexMatrix.fromComplex([[1, { re: 0, im: 1 }], [0, 2]]);
 * const b = a.matmul(a.inverse());
 * console.assert(b.approxEquals(ComplexMatrix.identity(2), 1e-15));
 * console.assert(a.adjoint().get(1, 0).im === -1);
 * ```
 */
export class ComplexMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Real parts, row-major, length rows * cols. */
  readonly re: Float64Array;
  /** Imaginary parts, row-major, length rows * cols. */
  readonly im: Float64Array;

  /**
   * @param rows - number of rows (non-negative integer).
   * @param cols - number of columns (non-negative integer).
   * @param re - real parts, row-major, length rows * cols; zeros when omitted.
   * @param im - imaginary parts, row-major, length rows * cols; zeros when omitted.
   * @throws {@link ShapeError} if a dimension is not a non-negative integer or an array has the wrong length.
   */
  constructor(rows: number, cols: number, re?: Float64Array, im?: Float64Array) {
    checkDimension('ComplexMatrix', 'rows', rows);
    checkDimension('ComplexMatrix', 'cols', cols);
    const size = rows * cols;
    if (re !== undefined && (!(re instanceof Float64Array) || re.length !== size)) {
      throw new ShapeError(invalid('ComplexMatrix', 're', `a Float64Array of length rows*cols = ${size}`, re));
    }
    if (im !== undefined && (!(im instanceof Float64Array) || im.length !== size)) {
      throw new ShapeError(invalid('ComplexMatrix', 'im', `a Float64Array of length rows*cols = ${size}`, im));
    }
    this.rows = rows;
    this.cols = cols;
    this.re = re ?? new Float64Array(size);
    this.im = im ?? new Float64Array(size);
  }

  /**
   * The n x n identity matrix.
   * @throws {@link ShapeError} if `n` is not a non-negative integer.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.identity(3).get(2, 2).re === 1);
   * ```
   */
  static identity(n: number): ComplexMatrix {
    checkDimension('ComplexMatrix.identity', 'n', n);
    const out = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) out.re[i * n + i] = 1;
    return out;
  }

  /**
   * The rows x cols zero matrix.
   * @throws {@link ShapeError} if a dimension is not a non-negative integer.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.zeros(2, 3).re.length === 6);
   * ```
   */
  static zeros(rows: number, cols: number): ComplexMatrix {
    checkDimension('ComplexMatrix.zeros', 'rows', rows);
    checkDimension('ComplexMatrix.zeros', 'cols', cols);
    return new ComplexMatrix(rows, cols);
  }

  /**
   * A real matrix, from a row-major Float64Array of length rows * cols (copied).
   * @throws {@link ShapeError} on a length that is not rows * cols.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const m = ComplexMatrix.fromReal(2, 2, new Float64Array([1, 2, 3, 4]));
   * console.assert(m.get(1, 0).re === 3 && m.get(1, 0).im === 0);
   * ```
   */
  static fromReal(rows: number, cols: number, values: ArrayLike<number>): ComplexMatrix {
    checkDimension('ComplexMatrix.fromReal', 'rows', rows);
    checkDimension('ComplexMatrix.fromReal', 'cols', cols);
    if (values === null || typeof values !== 'object' || values.length !== rows * cols) {
      throw new ShapeError(invalid('ComplexMatrix.fromReal', 'values', `an array of length rows*cols = ${rows * cols}`, values));
    }
    return new ComplexMatrix(rows, cols, Float64Array.from(values));
  }

  /**
   * A matrix from nested rows of complex numbers (complex.js `Complex`, `{ re, im }` or plain numbers).
   * @throws {@link ShapeError} if the rows are ragged, empty, or hold something that is not a complex number.
   * @example
   * ```ts
   * import Complex from 'complex.js';
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const m = ComplexMatrix.fromComplex([[new Complex(1, 2), 0]]);
   * console.assert(m.rows === 1 && m.cols === 2 && m.im[0] === 2);
   * ```
   */
  static fromComplex(rows: ReadonlyArray<ReadonlyArray<ComplexLike>>): ComplexMatrix {
    const fn = 'ComplexMatrix.fromComplex';
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
      throw new ShapeError(invalid(fn, 'rows', 'a non-empty array of rows (arrays)', rows));
    }
    const cols = rows[0].length;
    if (!rows.every((r) => r.length === cols)) {
      throw new ShapeError(invalid(fn, 'rows', `rows of equal length (${cols})`, rows));
    }
    const out = new ComplexMatrix(rows.length, cols);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < cols; j++) {
        const [re, im] = readComplex(fn, 'rows', rows[i][j]);
        out.re[i * cols + j] = re;
        out.im[i * cols + j] = im;
      }
    }
    return out;
  }

  /**
   * Entry (i, j) as a complex.js `Complex`.
   * @throws {@link IndexError} if an index is outside the matrix.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const m = ComplexMatrix.fromComplex([[1, { re: 2, im: -1 }]]);
   * console.assert(m.get(0, 1).re === 2 && m.get(0, 1).im === -1);
   * ```
   */
  get(i: number, j: number): Complex {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new IndexError(invalid('ComplexMatrix.get', 'i', `an integer in [0, ${this.rows})`, i));
    }
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new IndexError(invalid('ComplexMatrix.get', 'j', `an integer in [0, ${this.cols})`, j));
    }
    const k = i * this.cols + j;
    return new Complex(this.re[k], this.im[k]);
  }

  /**
   * The entries as nested rows of complex.js `Complex` numbers.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const rows = ComplexMatrix.identity(2).toComplex();
   * console.assert(rows[0][0].re === 1 && rows[0][1].abs() === 0);
   * ```
   */
  toComplex(): Complex[][] {
    const out: Complex[][] = [];
    for (let i = 0; i < this.rows; i++) {
      const row: Complex[] = [];
      for (let j = 0; j < this.cols; j++) row.push(new Complex(this.re[i * this.cols + j], this.im[i * this.cols + j]));
      out.push(row);
    }
    return out;
  }

  /**
   * A deep copy.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.identity(2);
   * const b = a.clone();
   * b.re[0] = 5;
   * console.assert(a.re[0] === 1);
   * ```
   */
  clone(): ComplexMatrix {
    return new ComplexMatrix(this.rows, this.cols, this.re.slice(), this.im.slice());
  }

  /**
   * The matrix product this * other.
   * @throws {@link ShapeError} if this.cols !== other.rows.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const i = ComplexMatrix.fromComplex([[{ re: 0, im: 1 }]]);
   * console.assert(i.matmul(i).get(0, 0).re === -1);
   * ```
   */
  matmul(other: ComplexMatrix): ComplexMatrix {
    checkMatrix('ComplexMatrix.matmul', 'other', other);
    if (other.rows !== this.cols) {
      throw new ShapeError(invalid('ComplexMatrix.matmul', 'other', `a matrix with ${this.cols} rows (this.cols)`, `${other.rows}x${other.cols} matrix`));
    }
    const n = this.rows;
    const k = this.cols;
    const m = other.cols;
    const out = new ComplexMatrix(n, m);
    const { re: ar, im: ai } = this;
    const { re: br, im: bi } = other;
    const { re: cr, im: ci } = out;
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < k; l++) {
        const xr = ar[i * k + l];
        const xi = ai[i * k + l];
        if (xr === 0 && xi === 0) continue;
        const row = l * m;
        const dst = i * m;
        for (let j = 0; j < m; j++) {
          const yr = br[row + j];
          const yi = bi[row + j];
          cr[dst + j] += xr * yr - xi * yi;
          ci[dst + j] += xr * yi + xi * yr;
        }
      }
    }
    return out;
  }

  /**
   * The entrywise sum this + other.
   * @throws {@link ShapeError} if the shapes differ.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.identity(2);
   * console.assert(a.add(a).get(1, 1).re === 2);
   * ```
   */
  add(other: ComplexMatrix): ComplexMatrix {
    return this.combine('ComplexMatrix.add', other, 1);
  }

  /**
   * The entrywise difference this - other.
   * @throws {@link ShapeError} if the shapes differ.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.identity(2);
   * console.assert(a.sub(a).maxAbs() === 0 && a.add(a).get(0, 0).re === 2);
   * ```
   */
  sub(other: ComplexMatrix): ComplexMatrix {
    return this.combine('ComplexMatrix.sub', other, -1);
  }

  private combine(fn: string, other: ComplexMatrix, sign: number): ComplexMatrix {
    checkSameShape(fn, this, other);
    const out = new ComplexMatrix(this.rows, this.cols);
    for (let k = 0; k < this.re.length; k++) {
      out.re[k] = this.re[k] + sign * other.re[k];
      out.im[k] = this.im[k] + sign * other.im[k];
    }
    return out;
  }

  /**
   * The matrix times a complex scalar s (a number, `Complex` or `{ re, im }`).
   * @throws {@link ShapeError} if `s` is not a complex number.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const m = ComplexMatrix.identity(2).scale({ re: 0, im: 2 });
   * console.assert(m.get(1, 1).im === 2 && m.get(1, 1).re === 0);
   * ```
   */
  scale(s: ComplexLike): ComplexMatrix {
    const [sr, si] = readComplex('ComplexMatrix.scale', 's', s);
    const out = new ComplexMatrix(this.rows, this.cols);
    for (let k = 0; k < this.re.length; k++) {
      out.re[k] = sr * this.re[k] - si * this.im[k];
      out.im[k] = sr * this.im[k] + si * this.re[k];
    }
    return out;
  }

  /**
   * The Kronecker product this (x) other: entry (i1*p + i2, j1*q + j2) = this(i1,j1) other(i2,j2),
   * other being p x q (the index of `this` is the outer one).
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const k = ComplexMatrix.identity(2).kron(ComplexMatrix.identity(3));
   * console.assert(k.rows === 6 && k.approxEquals(ComplexMatrix.identity(6), 0));
   * ```
   */
  kron(other: ComplexMatrix): ComplexMatrix {
    checkMatrix('ComplexMatrix.kron', 'other', other);
    const { rows: n1, cols: m1 } = this;
    const { rows: n2, cols: m2 } = other;
    const cols = m1 * m2;
    const out = new ComplexMatrix(n1 * n2, cols);
    for (let i1 = 0; i1 < n1; i1++) {
      for (let j1 = 0; j1 < m1; j1++) {
        const ar = this.re[i1 * m1 + j1];
        const ai = this.im[i1 * m1 + j1];
        if (ar === 0 && ai === 0) continue;
        for (let i2 = 0; i2 < n2; i2++) {
          const dst = (i1 * n2 + i2) * cols + j1 * m2;
          for (let j2 = 0; j2 < m2; j2++) {
            const br = other.re[i2 * m2 + j2];
            const bi = other.im[i2 * m2 + j2];
            out.re[dst + j2] = ar * br - ai * bi;
            out.im[dst + j2] = ar * bi + ai * br;
          }
        }
      }
    }
    return out;
  }

  /**
   * The transpose (no conjugation).
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const t = ComplexMatrix.fromComplex([[1, { re: 0, im: 1 }]]).transpose();
   * console.assert(t.rows === 2 && t.get(1, 0).im === 1);
   * ```
   */
  transpose(): ComplexMatrix {
    const out = new ComplexMatrix(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        out.re[j * this.rows + i] = this.re[i * this.cols + j];
        out.im[j * this.rows + i] = this.im[i * this.cols + j];
      }
    }
    return out;
  }

  /**
   * The entrywise complex conjugate.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.fromComplex([[{ re: 1, im: 1 }]]).conjugate().get(0, 0).im === -1);
   * ```
   */
  conjugate(): ComplexMatrix {
    const out = new ComplexMatrix(this.rows, this.cols, this.re.slice(), this.im.slice());
    for (let k = 0; k < out.im.length; k++) out.im[k] = -out.im[k];
    return out;
  }

  /**
   * The conjugate transpose (Hermitian adjoint) this^H.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.fromComplex([[1, { re: 2, im: 3 }]]);
   * const h = a.adjoint();
   * console.assert(h.rows === 2 && h.get(1, 0).im === -3);
   * ```
   */
  adjoint(): ComplexMatrix {
    const out = this.transpose();
    for (let k = 0; k < out.im.length; k++) out.im[k] = -out.im[k];
    return out;
  }

  /**
   * The inverse of a square matrix, by Gauss-Jordan elimination with partial pivoting. Meant for
   * the small matrices of this library (up to a few hundred rows); its accuracy is that of the
   * matrix's condition number.
   * @throws {@link ShapeError} if the matrix is not square.
   * @throws {@link NumericsError} if the matrix is singular (a zero pivot) or has non-finite entries.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.fromComplex([[0, 2], [{ re: 0, im: 1 }, 0]]);
   * console.assert(a.inverse().matmul(a).approxEquals(ComplexMatrix.identity(2), 1e-15));
   * ```
   */
  inverse(): ComplexMatrix {
    const fn = 'ComplexMatrix.inverse';
    if (this.rows !== this.cols) {
      throw new ShapeError(invalid(fn, 'this', 'a square matrix', `${this.rows}x${this.cols} matrix`));
    }
    const n = this.rows;
    const w = 2 * n;
    // Augmented [A | I], row-major, width 2n.
    const ar = new Float64Array(n * w);
    const ai = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        ar[i * w + j] = this.re[i * n + j];
        ai[i * w + j] = this.im[i * n + j];
      }
      ar[i * w + n + i] = 1;
    }
    for (let c = 0; c < n; c++) {
      let pivot = c;
      let best = -1;
      for (let r = c; r < n; r++) {
        const mag = Math.hypot(ar[r * w + c], ai[r * w + c]);
        if (mag > best) {
          best = mag;
          pivot = r;
        }
      }
      if (!(best > 0) || !Number.isFinite(best)) {
        throw new NumericsError(invalid(fn, 'this', 'an invertible matrix with finite entries (nonzero pivot)', `pivot ${best} in column ${c}`));
      }
      if (pivot !== c) {
        for (let j = 0; j < w; j++) {
          let t = ar[c * w + j];
          ar[c * w + j] = ar[pivot * w + j];
          ar[pivot * w + j] = t;
          t = ai[c * w + j];
          ai[c * w + j] = ai[pivot * w + j];
          ai[pivot * w + j] = t;
        }
      }
      // Scale the pivot row by 1/pivot.
      const pr = ar[c * w + c];
      const pi = ai[c * w + c];
      const d = pr * pr + pi * pi;
      const ir = pr / d;
      const ii = -pi / d;
      for (let j = 0; j < w; j++) {
        const xr = ar[c * w + j];
        const xi = ai[c * w + j];
        ar[c * w + j] = xr * ir - xi * ii;
        ai[c * w + j] = xr * ii + xi * ir;
      }
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const fr = ar[r * w + c];
        const fi = ai[r * w + c];
        if (fr === 0 && fi === 0) continue;
        for (let j = 0; j < w; j++) {
          const yr = ar[c * w + j];
          const yi = ai[c * w + j];
          ar[r * w + j] -= fr * yr - fi * yi;
          ai[r * w + j] -= fr * yi + fi * yr;
        }
      }
    }
    const out = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        out.re[i * n + j] = ar[i * w + n + j];
        out.im[i * n + j] = ai[i * w + n + j];
      }
    }
    return out;
  }

  /**
   * The trace (sum of the diagonal) of a square matrix.
   * @throws {@link ShapeError} if the matrix is not square.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.identity(3).trace().re === 3);
   * ```
   */
  trace(): Complex {
    if (this.rows !== this.cols) {
      throw new ShapeError(invalid('ComplexMatrix.trace', 'this', 'a square matrix', `${this.rows}x${this.cols} matrix`));
    }
    let re = 0;
    let im = 0;
    for (let i = 0; i < this.rows; i++) {
      re += this.re[i * this.cols + i];
      im += this.im[i * this.cols + i];
    }
    return new Complex(re, im);
  }

  /**
   * The largest modulus of an entry (0 for an empty matrix).
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.fromComplex([[3, { re: 0, im: -4 }]]).maxAbs() === 4);
   * ```
   */
  maxAbs(): number {
    let best = 0;
    for (let k = 0; k < this.re.length; k++) {
      const mag = Math.hypot(this.re[k], this.im[k]);
      if (!(mag <= best)) best = mag;
    }
    return best;
  }

  /**
   * The Frobenius norm sqrt(sum |a_ij|^2).
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(ComplexMatrix.fromComplex([[3, { re: 0, im: 4 }]]).frobeniusNorm() === 5);
   * ```
   */
  frobeniusNorm(): number {
    let s = 0;
    for (let k = 0; k < this.re.length; k++) s += this.re[k] * this.re[k] + this.im[k] * this.im[k];
    return Math.sqrt(s);
  }

  /**
   * The largest modulus of an entry of this - other (NaN entries give NaN).
   * @throws {@link ShapeError} if the shapes differ.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const d = ComplexMatrix.identity(2).maxAbsDiff(ComplexMatrix.zeros(2, 2));
   * console.assert(d === 1);
   * ```
   */
  maxAbsDiff(other: ComplexMatrix): number {
    checkSameShape('ComplexMatrix.maxAbsDiff', this, other);
    let best = 0;
    for (let k = 0; k < this.re.length; k++) {
      const mag = Math.hypot(this.re[k] - other.re[k], this.im[k] - other.im[k]);
      if (Number.isNaN(mag)) return Number.NaN;
      if (mag > best) best = mag;
    }
    return best;
  }

  /**
   * True when both matrices have the same shape and every entry of the difference has modulus at
   * most `tolerance` (absolute, default 1e-12). Never throws: a shape mismatch gives false.
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * const a = ComplexMatrix.identity(2);
   * console.assert(a.approxEquals(a.scale(1 + 1e-14)) && !a.approxEquals(ComplexMatrix.identity(3)));
   * ```
   */
  approxEquals(other: ComplexMatrix, tolerance = 1e-12): boolean {
    if (!(other instanceof ComplexMatrix) || other.rows !== this.rows || other.cols !== this.cols) return false;
    return this.maxAbsDiff(other) <= tolerance;
  }

  /**
   * A short description, e.g. "ComplexMatrix(4x4)".
   * @example
   * ```ts
   * import { ComplexMatrix } from 'lorentz-irreps';
   * console.assert(String(ComplexMatrix.zeros(2, 3)) === 'ComplexMatrix(2x3)');
   * ```
   */
  toString(): string {
    return `ComplexMatrix(${this.rows}x${this.cols})`;
  }
}

function checkMatrix(fn: string, argument: string, value: unknown): void {
  if (!(value instanceof ComplexMatrix)) {
    throw new ShapeError(invalid(fn, argument, 'a ComplexMatrix', value));
  }
}

function checkSameShape(fn: string, a: ComplexMatrix, b: unknown): void {
  checkMatrix(fn, 'other', b);
  const other = b as ComplexMatrix;
  if (other.rows !== a.rows || other.cols !== a.cols) {
    throw new ShapeError(invalid(fn, 'other', `a ${a.rows}x${a.cols} matrix (the shape of this)`, `${other.rows}x${other.cols} matrix`));
  }
}
