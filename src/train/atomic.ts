/**
 * Atomic file replacement: write a temporary file next to the target, flush it to disk, rename it
 * over the target. A reader sees the old file or the new one, never a partial write, even when
 * the process dies mid-write.
 *
 * @packageDocumentation
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** The marker in the names of temporary files; leftovers of a crash carry it. */
export const TEMP_MARKER = '.tmp-';

/**
 * Writes `data` to `path` atomically (temporary file, fsync, rename). The folder must exist.
 * @throws the file-system error (Node's `Error` with a `code`) when writing fails; the temporary
 *   file is removed and `path` keeps its old content.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `${basename(path)}${TEMP_MARKER}${process.pid}-${++counter}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dirname(path));
}

/** Flushes a folder's entries (so a rename survives a power loss); best effort where unsupported. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some platforms cannot open or fsync folders; the rename itself is still atomic
  }
}

/** Removes the files of `dir` whose names satisfy `doomed` (missing files are fine). */
export function removeFiles(dir: string, doomed: (name: string) => boolean): void {
  for (const name of readdirSync(dir)) if (doomed(name)) rmSync(join(dir, name), { force: true });
}
