/** A binary min-heap of (number key, int value) pairs in growable typed arrays. */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;

  /** @param capacity initial room (it grows as needed) */
  constructor(capacity = 64) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.values = new Int32Array(Math.max(1, capacity));
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Int32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.values[i] = this.values[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes the smallest entry and returns its value. */
  pop(): number {
    const top = this.values[0]!;
    const last = --this.size;
    if (last > 0) {
      const key = this.keys[last]!;
      const value = this.values[last]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
        if (this.keys[child]! >= key) break;
        this.keys[i] = this.keys[child]!;
        this.values[i] = this.values[child]!;
        i = child;
      }
      this.keys[i] = key;
      this.values[i] = value;
    }
    return top;
  }
}
