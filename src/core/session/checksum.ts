/**
 * An order-independent checksum of a result set, built while rows stream past: each row is
 * hashed (FNV-1a, 32 bits, over its values) and the hashes are summed and xored, so two
 * results with the same rows in any order agree. Used to show that a rewrite returns the
 * same rows as the original, without keeping them.
 */
export class ResultChecksum {
  private sum = 0;
  private xor = 0;
  private count = 0;

  add(row: readonly unknown[]): void {
    let h = 0x811c9dc5;
    for (const v of row) {
      const s = v === null || v === undefined ? '\u0000NULL' : Buffer.isBuffer(v) ? v.toString('hex') : String(v);
      for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      h ^= 0x1f; // a separator, so ("ab","c") differs from ("a","bc")
      h = Math.imul(h, 0x01000193);
    }
    this.sum = (this.sum + (h >>> 0)) >>> 0;
    this.xor = (this.xor ^ h) >>> 0;
    this.count++;
  }

  digest(): string {
    return `${this.count}:${this.sum.toString(16).padStart(8, '0')}${this.xor.toString(16).padStart(8, '0')}`;
  }
}
