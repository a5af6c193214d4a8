import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * The SHA-256 of a file, read in 1 MB pieces. The readers hash an accepted file
 * as they stream it (app/import); this is for files they refused, which are
 * recorded with their hash too.
 */
export function hashFile(file: string): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}
