/**
 * Positioned reads of a byte range of an open file (internal).
 *
 * @packageDocumentation
 */
import { readSync } from 'node:fs';

/** Reads up to `length` bytes at `position`; fewer only at the end of the file. */
export function readBytes(fd: number, length: number, position: number): Uint8Array {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}
