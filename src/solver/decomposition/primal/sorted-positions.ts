/** Where `customer` stands in `customers`: by bisection where they ascend (the cores' lists), else by a scan. */
export function positionOf(customers: Int32Array, customer: number): number {
  let low = 0;
  let high = customers.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (customers[mid] === customer) return mid;
    if (customers[mid] < customer) low = mid + 1;
    else high = mid - 1;
  }
  return customers.indexOf(customer);
}

/** The index of the first entry of ascending `list` at or above `p`. */
function lowerBound(list: number[], p: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid] < p) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Removes `p` from ascending `list`, which holds it. */
export function removeSorted(list: number[], p: number): void {
  list.splice(lowerBound(list, p), 1);
}

/** Inserts `p` into ascending `list`, keeping it ascending. */
export function insertSorted(list: number[], p: number): void {
  list.splice(lowerBound(list, p), 0, p);
}
