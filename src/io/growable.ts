/** A Float64Array that doubles as it fills: appending a million numbers copies about two million. */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** The filled part, copied to an exactly sized array. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
