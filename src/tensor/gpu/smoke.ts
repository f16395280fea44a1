/**
 * The smoke kernel every opened gpu.js mode must pass before it is used or reported as
 * available: compile a kernel, run it on three float32 values, read them back and compare.
 *
 * @packageDocumentation
 */
import { GpuJsBackend, isTexture } from './backend-gpu';
import { kernelSource } from './codegen';

const INPUT = Float32Array.from([1, 2, 3]);
const EXPECTED = [2.5, 4.5, 6.5];

/** Runs the smoke kernel on `backend`; returns null when it passes, else why it failed. */
export function smokeTest(backend: GpuJsBackend): string | null {
  try {
    const out = backend.run('smoke', () => kernelSource(['x'], ['return x[this.thread.x] * 2 + 0.5;']), INPUT.length, [INPUT]);
    const values = Array.from(backend.hostPlane(out, INPUT.length));
    if (isTexture(out)) out.delete();
    if (values.length !== EXPECTED.length || values.some((v, i) => v !== EXPECTED[i])) {
      return `the smoke kernel returned [${values.join(', ')}] instead of [${EXPECTED.join(', ')}]`;
    }
    return null;
  } catch (e) {
    return `the smoke kernel failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}
