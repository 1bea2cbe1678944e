/** Bytes in a MiB, the unit of every throughput figure in this library. */
export const BYTES_PER_MIB = 1024 * 1024;
