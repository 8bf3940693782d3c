// Lookups in sorted arrays of numbers (offsets), by binary search.

/** The first index of `sorted` whose value is at least `value` (`sorted.length` when there is none). */
export function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
