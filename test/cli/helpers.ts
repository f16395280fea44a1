/** In-process runs of the command line with captured output. */
import { runCli } from 'lorentz-irreps';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lorentz-irreps ...argv` in this process, capturing stdout and stderr. */
export async function cli(argv: readonly string[], interrupt?: AbortSignal): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    ...(interrupt !== undefined ? { interrupt } : {}),
  });
  return { code, stdout, stderr };
}
