/**
 * The lorentz-irreps demo: exact Clebsch-Gordan coefficients and a boosted four-vector.
 *
 * 1. Prints the exact canonical-basis table of (1/2,1/2) x (1/2,1/2) -> (0,0) and checks that it
 *    turns two four-vectors into half their Minkowski product.
 * 2. Boosts a four-vector by rapidity 10 along an arbitrary axis twice, once with the 4x4 Lorentz
 *    matrix and once through the (1/2,1/2) representation matrix acting on the canonical-basis
 *    features, and checks that both agree.
 *
 * Run with `npm run demo`. Exits with code 1 if a check fails.
 */
import {
  Irreps,
  LorentzElement,
  LorentzIrrep,
  cgCoefficients,
  cgDecompose,
  fourVectorToIrrep,
  irrepToFourVector,
  minkowskiDot,
  representationMatrix,
} from '../src/index';

const failures: string[] = [];
function check(label: string, ok: boolean, detail: string): void {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${detail}`);
  if (!ok) failures.push(label);
}

const vector = LorentzIrrep.parse('(1/2,1/2)');
const scalar = LorentzIrrep.parse('(0,0)');

console.log(`Irreps in ${vector} x ${vector}: ${vector.times(vector).map(String).join(' + ')}`);
console.log(`\nExact Clebsch-Gordan table ${vector} x ${vector} -> ${scalar} (canonical basis):`);
const table = cgCoefficients(vector, vector, scalar);
for (const e of table.entries) console.log(`  H[${e.i1},${e.i2},${e.i}] = ${e.value.toString()}`);

console.log(`\nExact table ${vector} x ${vector} -> (1,1), first entries of ${cgCoefficients(vector, vector, LorentzIrrep.of(1, 1)).entries.length}:`);
for (const e of cgCoefficients(vector, vector, LorentzIrrep.of(1, 1)).entries.slice(0, 6)) {
  console.log(`  H[${e.i1},${e.i2},${e.i}] = ${e.value.toString()}`);
}

console.log('\nChecks:');
const p = new Float64Array([5.0, 1.0, -2.0, 3.5]);
const q = new Float64Array([7.0, 0.5, 2.5, -1.0]);
const s = cgDecompose(fourVectorToIrrep(p), vector, fourVectorToIrrep(q), vector, Irreps.parse('1x(0,0)'));
const pq = minkowskiDot(p, q)[0];
check('(Up, Uq) -> (0,0) equals p.q / 2', Math.abs(s.re[0] - pq / 2) < 1e-12 && Math.abs(s.im[0]) < 1e-12, `${s.re[0]} vs ${pq / 2}`);

const axis: [number, number, number] = [0.3, -0.5, 0.81];
const g = LorentzElement.fromBoost(axis, 10);
const viaMatrix = g.apply(p);
const D = representationMatrix(vector, g);
const x = fourVectorToIrrep(p);
const y = { re: new Float64Array(4), im: new Float64Array(4) };
for (let i = 0; i < 4; i++) {
  for (let k = 0; k < 4; k++) {
    const dr = D.re[i * 4 + k];
    const di = D.im[i * 4 + k];
    y.re[i] += dr * x.re[k] - di * x.im[k];
    y.im[i] += dr * x.im[k] + di * x.re[k];
  }
}
const viaIrrep = irrepToFourVector(y);
let worst = 0;
for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(viaIrrep[i] - viaMatrix[i]) / Math.abs(viaMatrix[0]));
check(
  'boost by rapidity 10 through D(1/2,1/2) equals the 4x4 Lorentz matrix',
  worst < 1e-12,
  `L p = [${Array.from(viaMatrix, (v) => v.toExponential(6)).join(', ')}], relative difference ${worst.toExponential(2)}`,
);
const m2 = minkowskiDot(p, p)[0];
const m2b = minkowskiDot(viaMatrix, viaMatrix)[0];
check('the boost keeps p^2', Math.abs(m2b - m2) <= 1e-9 * viaMatrix[0] ** 2, `${m2} -> ${m2b}`);

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log('\nAll checks passed.');
