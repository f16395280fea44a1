#!/usr/bin/env node
/**
 * The `lorentz-irreps` executable: loads the package (whose model modules register their kinds:
 * 'gnnae', 'cnnae', ...), lets the kernels use their relaxed-SIMD build (`preferRelaxedSimd`),
 * runs the command line with the process's arguments and sets its exit code.
 *
 * @packageDocumentation
 */
import '../index';
import { preferRelaxedSimd } from './relaxed-simd';
import { runCli } from './run';

preferRelaxedSimd();

// A reader that stops early (`lorentz-irreps eval | head`) is not an error of the program.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lorentz-irreps: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
