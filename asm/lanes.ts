// Transposes between row-major batches (batch x d, the caller's layout) and lane-major blocks
// (d x lanes, lanes = batch rounded up to a whole number of f64x2), in which one row index holds
// the values of all batch elements next to each other, so that kernels vectorize over the batch.

/** dst[i * lanes + b] = src[b * d + i]; the padding lanes b = batch..lanes-1 are zero. */
export function rowsToLanes(src: usize, batch: i32, d: i32, lanes: i32, dst: usize): void {
  const rowBytes = <usize>lanes << 3;
  for (let i = 0; i < d; i++) {
    const row = dst + <usize>i * rowBytes;
    let s = src + (<usize>i << 3);
    const step = <usize>d << 3;
    for (let b = 0; b < batch; b++) {
      store<f64>(row + (<usize>b << 3), load<f64>(s));
      s += step;
    }
    for (let b = batch; b < lanes; b++) store<f64>(row + (<usize>b << 3), 0.0);
  }
}

/** dst[b * d + i] = src[i * lanes + b] for b < batch. */
export function lanesToRows(src: usize, batch: i32, d: i32, lanes: i32, dst: usize): void {
  const rowBytes = <usize>lanes << 3;
  const step = <usize>d << 3;
  for (let i = 0; i < d; i++) {
    const row = src + <usize>i * rowBytes;
    let t = dst + (<usize>i << 3);
    for (let b = 0; b < batch; b++) {
      store<f64>(t, load<f64>(row + (<usize>b << 3)));
      t += step;
    }
  }
}
