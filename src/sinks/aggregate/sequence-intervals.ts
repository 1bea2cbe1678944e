/**
 * Sets of a shard's records, as intervals of sequence numbers: what a window's state has
 * processed, and what its progress item says is merged.
 *
 * An interval `[first, last, count]` says: the `count` records from `first` to `last` are
 * in the set, and no other record of the shard lies between them. Records become an
 * interval when they arrive in one batch, one after the other (a batch holds consecutive
 * records of the shard). Two intervals are never joined on the strength of their sequence
 * numbers alone: those are not dense, so a record Lambda has not delivered yet (the first
 * half of a bisected batch, retried after the second) may lie between them.
 *
 * A gap between two intervals is closed — no record will ever arrive in it — once at least
 * `maxBatchSize` known records follow it: Lambda delivers a shard's records in order the
 * first time and reads nothing past a failing batch until that batch has succeeded or been
 * given up, so a record still to come can only share a batch (at most `maxBatchSize`
 * records) with the records after it that were already processed. Closing gaps keeps a set
 * at most one interval per batch among its last `maxBatchSize` records, however many
 * batches a window has: `AggregateToTable` caps the batch size so that this fits the state.
 */

/** `[first, last, count]`: sequence numbers as Kinesis gives them (decimal strings). */
export type Interval = [string, string, number];

/**
 * Compares two Kinesis sequence numbers: negative, zero or positive like a sort comparator.
 * They are decimal strings of up to 128 digits, far beyond a double, so they are compared as
 * strings: without leading zeros, the longer is the larger; at equal length, lexicographic
 * order is numeric order.
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `sequenceNumber` is in the set (binary search; intervals sorted and disjoint). */
export function contains(set: readonly Interval[], sequenceNumber: string): boolean {
  let low = 0;
  let high = set.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1; // eslint-disable-line no-bitwise
    const interval = set[middle];
    if (compareSequenceNumbers(sequenceNumber, interval[0]) < 0) {
      high = middle - 1;
    } else if (compareSequenceNumbers(sequenceNumber, interval[1]) > 0) {
      low = middle + 1;
    } else {
      return true;
    }
  }
  return false;
}

/** Adds an interval of records none of which is in the set yet, keeping it sorted. */
export function insert(set: Interval[], interval: Interval): void {
  let i = set.length;
  while (i > 0 && compareSequenceNumbers(set[i - 1][0], interval[0]) > 0) {
    i--;
  }
  set.splice(i, 0, interval);
}

/** The records of both sets (disjoint), sorted. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result = a.map(i => [...i] as Interval);
  for (const interval of b) {
    insert(result, [...interval] as Interval);
  }
  return result;
}

/** The number of records in a set. */
export function recordCount(set: readonly Interval[]): number {
  let n = 0;
  for (const interval of set) {
    n += interval[2];
  }
  return n;
}

/** How the records of `part` stand to `whole`: all in it, none in it, or some in it (as far as intervals tell). */
export function relation(part: readonly Interval[], whole: readonly Interval[]): 'all' | 'none' | 'some' {
  let inside = 0;
  let outside = 0;
  for (const interval of part) {
    const container = whole.find(w => compareSequenceNumbers(w[0], interval[0]) <= 0 && compareSequenceNumbers(interval[1], w[1]) <= 0);
    if (container) {
      inside++;
    } else if (whole.some(w => compareSequenceNumbers(w[0], interval[1]) <= 0 && compareSequenceNumbers(interval[0], w[1]) <= 0)) {
      return 'some';
    } else {
      outside++;
    }
  }
  return outside === 0 ? 'all' : inside === 0 ? 'none' : 'some';
}

/**
 * Closes the gaps of `set` that at least `maxBatchSize` records follow, counting the
 * records of `others` too (what else is known processed: merged or pending), and joins the
 * intervals on either side of each closed gap. Returns a new set.
 */
export function closeGaps(set: readonly Interval[], others: readonly Interval[], maxBatchSize: number): Interval[] {
  if (set.length < 2) {
    return set.map(i => [...i] as Interval);
  }
  const last = set[set.length - 1][1];
  let after = 0;
  for (const o of others) {
    if (compareSequenceNumbers(o[0], last) > 0) {
      after += o[2];
    }
  }
  /** `closed[i]`: the gap between `set[i - 1]` and `set[i]` is closed. */
  const closed: boolean[] = [];
  for (let i = set.length - 1; i > 0; i--) {
    const left = set[i - 1];
    const right = set[i];
    after += right[2];
    let between = 0;
    for (const o of others) {
      if (compareSequenceNumbers(o[0], left[1]) > 0 && compareSequenceNumbers(o[1], right[0]) < 0) {
        between++;
        after += o[2];
      }
    }
    // Records of the other set inside the gap keep it open: an interval never spans them.
    closed[i] = between === 0 && after >= maxBatchSize;
  }
  const result: Interval[] = [[...set[0]] as Interval];
  for (let i = 1; i < set.length; i++) {
    const previous = result[result.length - 1];
    if (closed[i]) {
      previous[1] = set[i][1];
      previous[2] += set[i][2];
    } else {
      result.push([...set[i]] as Interval);
    }
  }
  return result;
}
