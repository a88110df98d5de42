/** An append-only Int32Array that doubles as it fills (for lists of unknown length). */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  /** The values so far, as a view (valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
