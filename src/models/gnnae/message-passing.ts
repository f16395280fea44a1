/**
 * One fully connected message-passing (MPNN) layer on real particle features, the layer of the
 * graph autoencoder baseline.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { tidy } from '../../tensor/memory';
import { add, div, mul } from '../../tensor/ops/arithmetic';
import { edgeMask, pairwiseDifferences } from '../../tensor/ops/edges';
import { broadcastTo, expandDims, reshape } from '../../tensor/ops/reshape';
import { max, sum } from '../../tensor/ops/reduce';
import { matmul } from '../../tensor/ops/matmul';
import { concat, slice } from '../../tensor/ops/slice';
import { sqrt, square } from '../../tensor/ops/unary';
import type { Tensor } from '../../tensor/tensor';
import { edgeMessages, edgeMessagesAvailable } from './edge-messages';
import { sizeOption } from './linear';
import { LEAKY_SLOPE, MLP } from './mlp';

/** Options of {@link MessagePassing}. */
export interface MessagePassingOptions extends ModuleOptions {
  /** Width of the messages M (default 32). */
  readonly messageSize?: number;
  /** Width of the hidden layer of the edge and node networks (default 32). */
  readonly hiddenSize?: number;
  /** LeakyReLU(0.2) on the new node features (default true; false for the last layer of a stack). */
  readonly activateOutput?: boolean;
  /** How the messages to a particle combine: 'mean' over the real particles (default) or 'sum' (the paper's formula). */
  readonly aggregation?: MessageAggregation;
}

/** How {@link MessagePassing} combines the messages a particle receives. */
export type MessageAggregation = 'sum' | 'mean';

/**
 * Square of the softening added under the square root of the edge distance, so that its
 * gradient stays finite at coincident particles (and on the self-edges i = j).
 */
export const DISTANCE_SOFTENING = 1e-12;

/**
 * Checks node features [B, N, F] and a mask [B, N] for a layer or model method.
 * @throws {@link ShapeError} naming `fn`.
 */
export function checkNodes(fn: string, h: Tensor, mask: Tensor, features: number): void {
  if (h === null || typeof h !== 'object' || h.rank !== 3 || h.shape[2] !== features) {
    throw new ShapeError(invalid(fn, 'x', `a real tensor of shape [B, N, ${features}]`, h?.shape));
  }
  if (mask === null || typeof mask !== 'object' || mask.rank !== 2 || mask.shape[0] !== h.shape[0] || mask.shape[1] !== h.shape[1]) {
    throw new ShapeError(invalid(fn, 'mask', `a real tensor of shape [${h.shape[0]}, ${h.shape[1]}] (1 particle, 0 padding)`, mask?.shape));
  }
}

/**
 * Masked mean over the particle axis: sum_i mask_i x[b, i, :] / max(sum_i mask_i, 1).
 * x [B, N, F], mask [B, N] -> [B, F].
 */
export function maskedMean(x: Tensor, mask: Tensor): Tensor {
  return tidy(() => div(sum(mul(x, expandDims(mask, 2)), 1), countOf(mask)));
}

/**
 * A fully connected MPNN layer. For node features h [B, N, F] and a particle mask [B, N]:
 *
 * ```text
 * d_ij  = sqrt(|h_i - h_j|^2 + 1e-12)                        edge feature: Euclidean distance
 * m_ij  = f_e([h_i, h_j, d_ij])                              edge network: 2F+1 -> H -> M, LeakyReLU(0.2) after each layer
 * a_i   = sum_j mask_i mask_j m_ij / max(sum_j mask_j, 1)   mean of the messages from the real particles (self included;
 *                                                            aggregation 'sum' leaves out the division)
 * h'_i  = mask_i f_n([h_i, a_i])                             node network: F+M -> H -> F', LeakyReLU(0.2) between
 * ```
 *
 * (and after the last layer of f_n when `activateOutput`, the default). Padded particles neither
 * send nor receive messages and their new features are 0. The layer commutes with permutations
 * of the particles. The edge features depend only on differences of the node features, so they
 * are unchanged when the same vector is added to every h_i; the node network sees h_i itself, so
 * the layer's output is not.
 *
 * On a backend with the edge-message kernel (the CPU backend, and gpujs through its CPU fallback)
 * the edge network and the message sum run in that kernel, which never forms the [B, N, N, *] edge
 * tensors and skips the edges of padded particles; the first edge layer's weight is split into the
 * rows that see h_i, h_j and d_ij, so the results agree with the composed computation up to
 * rounding. There the mask is data: no gradient flows to it through the messages (it still does
 * through the final multiplication by mask_i).
 *
 * Parameters: `edge.l0`, `edge.l1` (edge network) and `node.l0`, `node.l1` (node network), each
 * with `w` and `b`.
 *
 * @example
 * ```ts
 * import { MessagePassing, tensor } from 'lorentz-irreps';
 * const mp = new MessagePassing(3, 4, { seed: 1, messageSize: 5, hiddenSize: 6 });
 * const h = tensor([[[0.1, 0.2, 0.5], [0.0, -0.1, 0.3], [0, 0, 0]]]);
 * const out = mp.apply(h, tensor([[1, 1, 0]]));
 * console.assert(out.shape.join() === '1,3,4' && out.dataSync().slice(8).every((v) => v === 0));
 * mp.dispose();
 * ```
 */
export class MessagePassing extends Module {
  readonly irrepsIn: Irreps = Irreps.EMPTY;
  readonly irrepsOut: Irreps = Irreps.EMPTY;
  /** Input node width F. */
  readonly inSize: number;
  /** Output node width F'. */
  readonly outSize: number;
  /** Message width M. */
  readonly messageSize: number;
  /** Hidden width H of the edge and node networks. */
  readonly hiddenSize: number;
  /** 'sum' or 'mean'. */
  readonly aggregation: MessageAggregation;
  private readonly edge: MLP;
  private readonly node: MLP;

  /**
   * @param inSize - input node width F.
   * @param outSize - output node width F'.
   * @param options - message and hidden widths, output activation, aggregation, seed / random, dtype, name (default 'mp').
   * @throws {@link ConfigError} for a size that is not a positive integer, an unknown aggregation or a missing seed.
   */
  constructor(inSize: number, outSize: number, options?: MessagePassingOptions) {
    const fn = 'MessagePassing';
    const o = optionsOf(fn, options);
    super(o.name, 'mp');
    this.inSize = sizeOption(fn, 'inSize', inSize);
    this.outSize = sizeOption(fn, 'outSize', outSize);
    this.messageSize = sizeOption(fn, 'options.messageSize', o.messageSize ?? 32);
    this.hiddenSize = sizeOption(fn, 'options.hiddenSize', o.hiddenSize ?? 32);
    const aggregation = o.aggregation ?? 'mean';
    if (aggregation !== 'sum' && aggregation !== 'mean') throw new ConfigError(invalid(fn, 'options.aggregation', "'sum' or 'mean'", aggregation));
    this.aggregation = aggregation;
    const random = moduleRandom(fn, o);
    const common = { random, dtype: o.dtype };
    this.edge = this.addModule('edge', new MLP([2 * inSize + 1, this.hiddenSize, this.messageSize], { ...common, name: `${this.name}.edge`, activateOutput: true }));
    this.node = this.addModule(
      'node',
      new MLP([inSize + this.messageSize, this.hiddenSize, outSize], { ...common, name: `${this.name}.node`, activateOutput: o.activateOutput !== false }),
    );
  }

  protected describe(): string {
    return `${this.inSize} -> ${this.outSize}, messages ${this.messageSize} (${this.aggregation}), hidden ${this.hiddenSize}`;
  }

  /**
   * The edge features d_ij = sqrt(|h_i - h_j|^2 + 1e-12) of node features h [B, N, F]: [B, N, N].
   * @throws {@link ShapeError} for h not of shape [B, N, F].
   */
  edgeFeatures(h: Tensor): Tensor {
    if (h === null || typeof h !== 'object' || h.rank !== 3 || h.shape[2] !== this.inSize) {
      throw new ShapeError(invalid('MessagePassing.edgeFeatures', 'h', `a real tensor of shape [B, N, ${this.inSize}]`, h?.shape));
    }
    return tidy(() => sqrt(add(sum(square(pairwiseDifferences(h)), 3), DISTANCE_SOFTENING)));
  }

  /**
   * Applies the layer.
   * @param h - real node features [B, N, F].
   * @param mask - real [B, N]: 1 for a particle, 0 for padding.
   * @returns real [B, N, F'] (zero on padded particles).
   * @throws {@link ShapeError} for shapes that do not fit.
   */
  apply(h: Tensor, mask: Tensor): Tensor {
    checkNodes('MessagePassing.apply', h, mask, this.inSize);
    const fused = edgeMessagesAvailable() && !h.complex && !mask.complex && h.dtype === mask.dtype;
    return tidy(() => this.update(h, mask, fused ? this.fusedMessages(h, mask) : this.composedMessages(h, mask)));
  }

  /**
   * The layer computed with the composed ops only (the [B, N, N, *] edge tensors formed
   * explicitly): the reference of the fused path that {@link MessagePassing.apply} takes where the
   * backend has the edge-message kernel. Same arguments and result as `apply`.
   * @internal
   */
  applyComposed(h: Tensor, mask: Tensor): Tensor {
    checkNodes('MessagePassing.applyComposed', h, mask, this.inSize);
    return tidy(() => this.update(h, mask, this.composedMessages(h, mask)));
  }

  /** Aggregation and node network: h' = mask f_n([h, a]) from the summed messages [B, N, M]. */
  private update(h: Tensor, mask: Tensor, total: Tensor): Tensor {
    return tidy(() => {
      const a = this.aggregation === 'mean' ? div(total, expandDims(countOf(mask), 2)) : total;
      return mul(this.node.apply(concat([h, a], 2)), expandDims(mask, 2));
    });
  }

  /** sum_j mask_i mask_j m_ij [B, N, M], with the edge tensors formed explicitly. */
  private composedMessages(h: Tensor, mask: Tensor): Tensor {
    const [B, N, F] = h.shape;
    return tidy(() => {
      const d = expandDims(this.edgeFeatures(h), 3);
      const hi = broadcastTo(expandDims(h, 2), [B, N, N, F]);
      const hj = broadcastTo(expandDims(h, 1), [B, N, N, F]);
      const m = this.edge.apply(concat([hi, hj, d], 3));
      const weights = expandDims(edgeMask(mask), 3);
      return sum(mul(m, weights), 2);
    });
  }

  /**
   * sum_j mask_i mask_j m_ij [B, N, M] by the edge-message kernel: the first edge layer's weight
   * W_0 [2F + 1, H] is split by rows into the parts that see h_i, h_j and d_ij, so that only
   * per-node products h W_i + b_0 and h W_j are formed here; the kernel adds them per edge.
   */
  private fusedMessages(h: Tensor, mask: Tensor): Tensor {
    const [B, N, F] = h.shape;
    const H = this.hiddenSize;
    return tidy(() => {
      const l0 = this.edge.layer(0).affine();
      const l1 = this.edge.layer(1).affine();
      const flat = reshape(h, [B * N, F]);
      const p = reshape(add(matmul(flat, slice(l0.w, [0, 0], [F, H])), l0.b), [B, N, H]);
      const q = reshape(matmul(flat, slice(l0.w, [F, 0], [F, H])), [B, N, H]);
      const wd = reshape(slice(l0.w, [2 * F, 0], [1, H]), [H]);
      return edgeMessages({ h, p, q, wd, w1: l1.w, b1: l1.b, mask }, { slope: LEAKY_SLOPE, softening: DISTANCE_SOFTENING });
    });
  }
}

/** max(sum_j mask_j, 1) per jet: [B, N] -> [B, 1]. */
export function countOf(mask: Tensor): Tensor {
  return tidy(() => {
    const s = sum(mask, 1, true);
    return max(concat([s, add(mul(s, 0), 1)], 1), 1, true);
  });
}
