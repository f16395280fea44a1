/**
 * Conversions between JetNet's relative coordinates (etarel, phirel, ptrel, mask) and absolute
 * massless four-momenta p = (E, px, py, pz), and jet kinematics from four-momenta.
 *
 * Conventions: metric (+,-,-,-), z along the beam, pseudorapidity eta = asinh(pz / pt),
 * azimuth phi = atan2(py, px) wrapped to [-pi, pi). A massless particle of (pt, eta, phi) has
 * E = |p| = pt cosh(eta), px = pt cos(phi), py = pt sin(phi), pz = pt sinh(eta).
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, ShapeError, invalid } from '../errors';
import { Random } from '../util/random';
import type { JetDataset } from './dataset';
import type { RelativeJets } from './jetnet';
import { unitScale, type EnergyUnit } from './units';

const TWO_PI = 2 * Math.PI;

/**
 * Wraps an angle to [-pi, pi).
 *
 * @param phi - an angle in radians (finite).
 * @returns phi - 2 pi k for the integer k that puts it in [-pi, pi).
 *
 * @example
 * ```ts
 * import { wrapPhi } from 'lorentz-irreps';
 * console.assert(wrapPhi(Math.PI) === -Math.PI);
 * console.assert(Math.abs(wrapPhi(3 * Math.PI / 2) + Math.PI / 2) < 1e-15);
 * ```
 */
export function wrapPhi(phi: number): number {
  let w = phi - TWO_PI * Math.floor((phi + Math.PI) / TWO_PI);
  if (w >= Math.PI) w -= TWO_PI;
  if (w < -Math.PI) w += TWO_PI;
  return w;
}

/** Options of {@link jetNetToFourMomenta}. */
export interface ToFourMomentaOptions {
  /** Unit of the output momenta: GeV values are multiplied by 1 ('GeV'), 1e-3 ('TeV') or 1e-6 ('PeV'). Required. */
  readonly units: EnergyUnit;
  /** Seed of the {@link Random} that draws each jet's phi uniformly in [-pi, pi). Give this or `jetPhi`. */
  readonly seed?: number;
  /** Each jet's phi (N values, radians). Give this or `seed`. */
  readonly jetPhi?: ArrayLike<number>;
  /** A class label given to every jet (stored in `labels`). */
  readonly label?: number;
}

/** Four-momentum jets made by {@link jetNetToFourMomenta}, with the jet azimuths used. */
export interface FourMomentumJets extends JetDataset {
  /** The azimuth given to each jet (radians). */
  readonly jetPhi: Float64Array;
}

/** Checks `numJets` and `numParticles` of a jets argument, and the lengths of its arrays. */
function checkSizes(fn: string, jets: { numJets: number; numParticles: number }, shape: string, arrays: ReadonlyArray<[string, ArrayLike<number> | undefined, number, string]>): void {
  const ok = jets !== null && typeof jets === 'object' && [jets.numJets, jets.numParticles].every((x) => Number.isInteger(x) && x >= 0);
  if (!ok) throw new ShapeError(invalid(fn, 'jets', `an object ${shape}`, jets));
  for (const [name, array, factor, formula] of arrays) {
    const length = jets.numJets * factor;
    if (array?.length !== length) throw new ShapeError(invalid(fn, `jets.${name}`, `an array of length ${formula} = ${length}`, array));
  }
}

function checkRelative(jets: RelativeJets, fn: string): void {
  const P = jets?.numParticles;
  checkSizes(fn, jets, '{ numJets, numParticles, particleFeatures, jetFeatures }', [
    ['particleFeatures', jets?.particleFeatures, P * 4, 'numJets*numParticles*4'],
    ['jetFeatures', jets?.jetFeatures, 4, 'numJets*4'],
  ]);
}

/**
 * Converts jets in JetNet's relative coordinates into absolute massless four-momenta.
 *
 * For each real particle (mask 1) of jet j with jet features (pt_J, eta_J, ...) and azimuth phi_J:
 * pt = ptrel * pt_J, eta = etarel + eta_J, phi = phirel + phi_J, and
 * p = (pt cosh eta, pt cos phi, pt sin phi, pt sinh eta) * s, where s converts GeV into
 * `options.units`. Padding slots (mask 0) become zeros, whatever their features hold. The jet
 * mass and num_particles columns are not used (JetNet keeps only the leading P particles, so the
 * particles do not sum to the stored jet).
 *
 * JetNet does not store the jet azimuth: it is drawn uniformly in [-pi, pi) from
 * `new Random(options.seed)` (one draw per jet, in order) or taken from `options.jetPhi`; the
 * values used are returned in `jetPhi`.
 *
 * @param jets - N jets of P slots (e.g. a {@link JetNetData} block).
 * @param options - units (required), and exactly one of seed / jetPhi; optional label.
 * @returns the jets as a {@link JetDataset} in `options.units`, plus `jetPhi`.
 * @throws {@link ShapeError} for inconsistent sizes; {@link ConfigError} for missing or bad units,
 * both or neither of seed/jetPhi, a bad label; {@link DataError} for non-finite features,
 * a mask not 0/1, or jetPhi values that are not finite.
 *
 * @example
 * ```ts
 * import { jetNetToFourMomenta } from 'lorentz-irreps';
 * const jets = { numJets: 1, numParticles: 1,
 *   particleFeatures: [0, 0, 1, 1], // one particle along the jet axis carrying all its pt
 *   jetFeatures: [1000, 0, 0, 1] };  // pt = 1000 GeV, eta = 0
 * const out = jetNetToFourMomenta(jets, { units: 'TeV', jetPhi: [0] });
 * console.assert(out.p[0] === 1 && out.p[1] === 1 && out.p[2] === 0 && out.p[3] === 0);
 * console.assert(out.units === 'TeV');
 * ```
 */
export function jetNetToFourMomenta(jets: RelativeJets, options: ToFourMomentaOptions): FourMomentumJets {
  const fn = 'jetNetToFourMomenta';
  checkRelative(jets, fn);
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(invalid(fn, 'options', "an object { units, seed | jetPhi }", options));
  }
  const scale = unitScale(options.units, fn, 'options.units');
  const { numJets: n, numParticles: P, particleFeatures: pf, jetFeatures: jf } = jets;
  if ((options.seed === undefined) === (options.jetPhi === undefined)) {
    throw new ConfigError(invalid(fn, 'options', 'given exactly one of `seed` and `jetPhi`', options));
  }
  if (options.label !== undefined && !Number.isInteger(options.label)) {
    throw new ConfigError(invalid(fn, 'options.label', 'an integer', options.label));
  }
  const jetPhi = new Float64Array(n);
  if (options.jetPhi !== undefined) {
    if (options.jetPhi.length !== n) {
      throw new ShapeError(invalid(fn, 'options.jetPhi', `an array of length numJets = ${n}`, options.jetPhi));
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(options.jetPhi[j])) throw new DataError(invalid(fn, `options.jetPhi[${j}]`, 'a finite number', options.jetPhi[j]));
      jetPhi[j] = options.jetPhi[j];
    }
  } else {
    const rng = new Random(options.seed as number);
    for (let j = 0; j < n; j++) jetPhi[j] = rng.uniformIn(-Math.PI, Math.PI);
  }
  const p = new Float64Array(n * P * 4);
  const mask = new Float64Array(n * P);
  for (let j = 0; j < n; j++) {
    const jetPt = jf[4 * j];
    const jetEta = jf[4 * j + 1];
    if (!Number.isFinite(jetPt) || !Number.isFinite(jetEta)) {
      throw new DataError(invalid(fn, `jets.jetFeatures[${4 * j}..${4 * j + 1}]`, 'finite pt and eta', [jetPt, jetEta]));
    }
    for (let i = 0; i < P; i++) {
      const k = j * P + i;
      const m = pf[4 * k + 3];
      if (m !== 0 && m !== 1) throw new DataError(invalid(fn, `jets.particleFeatures[${4 * k + 3}]`, 'a mask value 0 or 1', m));
      if (m === 0) continue;
      const etaRel = pf[4 * k];
      const phiRel = pf[4 * k + 1];
      const ptRel = pf[4 * k + 2];
      if (!Number.isFinite(etaRel) || !Number.isFinite(phiRel) || !Number.isFinite(ptRel)) {
        throw new DataError(invalid(fn, `jets.particleFeatures[${4 * k}..${4 * k + 2}]`, 'finite features', [etaRel, phiRel, ptRel]));
      }
      const pt = ptRel * jetPt * scale;
      const eta = etaRel + jetEta;
      const phi = phiRel + jetPhi[j];
      mask[k] = 1;
      p[4 * k] = pt * Math.cosh(eta);
      p[4 * k + 1] = pt * Math.cos(phi);
      p[4 * k + 2] = pt * Math.sin(phi);
      p[4 * k + 3] = pt * Math.sinh(eta);
    }
  }
  const labels = options.label !== undefined ? new Int32Array(n).fill(options.label) : undefined;
  return { numJets: n, numParticles: P, p, mask, ...(labels ? { labels } : {}), units: options.units, jetPhi };
}

/** Four-momentum jets as taken by {@link jetFeaturesFromFourMomenta} and {@link fourMomentaToRelative}. */
export interface FourMomentumInput {
  /** Number of jets N. */
  readonly numJets: number;
  /** Particle slots per jet P. */
  readonly numParticles: number;
  /** N*P*4 values (E, px, py, pz). */
  readonly p: ArrayLike<number>;
  /** N*P values, 1 real / 0 padding. When absent, a slot is real iff its four-momentum is not all zeros. */
  readonly mask?: ArrayLike<number>;
}

/** Jet kinematics from the sum of its particles' four-momenta. */
export interface JetKinematics {
  /** Transverse momentum sqrt(px^2 + py^2), in the units of p. */
  readonly pt: Float64Array;
  /** Pseudorapidity asinh(pz / pt); 0 for a zero three-momentum, +-Infinity for pt = 0 and pz != 0. */
  readonly eta: Float64Array;
  /** Azimuth atan2(py, px) wrapped to [-pi, pi); 0 when pt = 0. */
  readonly phi: Float64Array;
  /** Invariant mass sqrt(max(E^2 - |p|^2, 0)), in the units of p. */
  readonly mass: Float64Array;
  /** Number of real particles. */
  readonly numParticles: Int32Array;
}

function checkFourMomenta(jets: FourMomentumInput, fn: string): void {
  const P = jets?.numParticles;
  checkSizes(fn, jets, '{ numJets, numParticles, p, mask? }', [
    ['p', jets?.p, P * 4, 'numJets*numParticles*4'],
    ...(jets?.mask !== undefined ? [['mask', jets.mask, P, 'numJets*numParticles'] as [string, ArrayLike<number>, number, string]] : []),
  ]);
  for (let k = 0; k < jets.p.length; k++) {
    if (!Number.isFinite(jets.p[k])) throw new DataError(invalid(fn, `jets.p[${k}]`, 'a finite number', jets.p[k]));
  }
}

function isReal(jets: FourMomentumInput, k: number): boolean {
  if (jets.mask !== undefined) return jets.mask[k] !== 0;
  const p = jets.p;
  return p[4 * k] !== 0 || p[4 * k + 1] !== 0 || p[4 * k + 2] !== 0 || p[4 * k + 3] !== 0;
}

function pseudorapidity(pt: number, pz: number): number {
  if (pt === 0) return pz === 0 ? 0 : pz > 0 ? Infinity : -Infinity;
  return Math.asinh(pz / pt);
}

/**
 * Jet pt, eta, phi and mass from the summed four-momentum of its real particles.
 *
 * @param jets - N jets of P slots, (E, px, py, pz) in any one unit.
 * @returns per-jet kinematics (see {@link JetKinematics}), pt and mass in the unit of `p`.
 * @throws {@link ShapeError} for inconsistent sizes; {@link DataError} for non-finite momenta.
 *
 * @example
 * ```ts
 * import { jetFeaturesFromFourMomenta } from 'lorentz-irreps';
 * // two back-to-back photons of 50 GeV along x: a 100 GeV mass at rest
 * const k = jetFeaturesFromFourMomenta({ numJets: 1, numParticles: 2, p: [50, 50, 0, 0, 50, -50, 0, 0] });
 * console.assert(k.mass[0] === 100 && k.pt[0] === 0 && k.numParticles[0] === 2);
 * ```
 */
export function jetFeaturesFromFourMomenta(jets: FourMomentumInput): JetKinematics {
  const fn = 'jetFeaturesFromFourMomenta';
  checkFourMomenta(jets, fn);
  const { numJets: n, numParticles: P } = jets;
  const out = {
    pt: new Float64Array(n),
    eta: new Float64Array(n),
    phi: new Float64Array(n),
    mass: new Float64Array(n),
    numParticles: new Int32Array(n),
  };
  for (let j = 0; j < n; j++) {
    let E = 0;
    let px = 0;
    let py = 0;
    let pz = 0;
    let count = 0;
    for (let i = 0; i < P; i++) {
      const k = j * P + i;
      if (!isReal(jets, k)) continue;
      count++;
      E += jets.p[4 * k];
      px += jets.p[4 * k + 1];
      py += jets.p[4 * k + 2];
      pz += jets.p[4 * k + 3];
    }
    const pt = Math.hypot(px, py);
    out.pt[j] = pt;
    out.eta[j] = pseudorapidity(pt, pz);
    out.phi[j] = pt === 0 ? 0 : wrapPhi(Math.atan2(py, px));
    out.mass[j] = Math.sqrt(Math.max(E * E - (px * px + py * py + pz * pz), 0));
    out.numParticles[j] = count;
  }
  return out;
}

/** JetNet-layout features recovered from four-momenta by {@link fourMomentaToRelative}. */
export interface RelativeFeatures {
  /** Number of jets N. */
  readonly numJets: number;
  /** Particle slots per jet P. */
  readonly numParticles: number;
  /** N*P*4 values [etarel, phirel, ptrel, mask]; zeros for padding. */
  readonly particleFeatures: Float64Array;
  /** N*4 values [pt, eta, mass, num_particles] of the summed jet; pt and mass in the unit of p. */
  readonly jetFeatures: Float64Array;
  /** Each jet's azimuth (radians, [-pi, pi)). */
  readonly jetPhi: Float64Array;
}

/**
 * Converts four-momenta back into JetNet's relative coordinates, relative to the axis of the
 * jet's summed four-momentum: etarel = eta - eta_J, phirel = phi - phi_J wrapped to [-pi, pi),
 * ptrel = pt / pt_J. The inverse of {@link jetNetToFourMomenta} when the jet features describe
 * the sum of the same particles (JetNet's stored jets include particles beyond the first P, so
 * the recovered jet differs from the stored one).
 *
 * @param jets - N jets of P slots, (E, px, py, pz) in any one unit.
 * @returns the relative features, the summed-jet features and the jet azimuths.
 * @throws {@link ShapeError} for inconsistent sizes; {@link DataError} for non-finite momenta,
 * a jet without real particles or with pt = 0, or a real particle with pt = 0 (infinite eta).
 *
 * @example
 * ```ts
 * import { fourMomentaToRelative } from 'lorentz-irreps';
 * const r = fourMomentaToRelative({ numJets: 1, numParticles: 2,
 *   p: [3, 3, 0, 0, 1, 1, 0, 0], mask: [1, 1] }); // two collinear particles along x
 * console.assert(r.particleFeatures[2] === 0.75 && r.particleFeatures[6] === 0.25);
 * console.assert(r.jetFeatures[0] === 4 && r.jetFeatures[3] === 2 && r.jetPhi[0] === 0);
 * ```
 */
export function fourMomentaToRelative(jets: FourMomentumInput): RelativeFeatures {
  const fn = 'fourMomentaToRelative';
  const kin = jetFeaturesFromFourMomenta(jets);
  const { numJets: n, numParticles: P } = jets;
  const particleFeatures = new Float64Array(n * P * 4);
  const jetFeatures = new Float64Array(n * 4);
  for (let j = 0; j < n; j++) {
    const jetPt = kin.pt[j];
    if (!(jetPt > 0)) throw new DataError(invalid(fn, 'jets', `jets with real particles and pt > 0; jet ${j} has pt ${jetPt}`, jets));
    jetFeatures.set([jetPt, kin.eta[j], kin.mass[j], kin.numParticles[j]], 4 * j);
    for (let i = 0; i < P; i++) {
      const k = j * P + i;
      if (!isReal(jets, k)) continue;
      const px = jets.p[4 * k + 1];
      const py = jets.p[4 * k + 2];
      const pt = Math.hypot(px, py);
      if (!(pt > 0)) throw new DataError(invalid(fn, 'jets', `real particles with pt > 0; jet ${j}, particle ${i} has pt 0`, jets));
      particleFeatures[4 * k] = Math.asinh(jets.p[4 * k + 3] / pt) - kin.eta[j];
      particleFeatures[4 * k + 1] = wrapPhi(Math.atan2(py, px) - kin.phi[j]);
      particleFeatures[4 * k + 2] = pt / jetPt;
      particleFeatures[4 * k + 3] = 1;
    }
  }
  return { numJets: n, numParticles: P, particleFeatures, jetFeatures, jetPhi: Float64Array.from(kin.phi) };
}
