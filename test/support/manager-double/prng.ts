/**
 * A seeded pseudo-random generator (mulberry32) so probabilistic faults and random tokens
 * in the Manager double repeat exactly from run to run.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, limit). */
  integer(limit: number): number;
};

/** Creates a generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return { next, integer: (limit) => Math.floor(next() * limit) };
}
