/** Receive times that never go backwards, so a trace's points are ordered by time as well as by seq. */
export class Clock {
  private last = 0;
  now(): number {
    const t = Date.now();
    this.last = t > this.last ? t : this.last;
    return this.last;
  }
}
