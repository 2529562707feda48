/** Immutable set updates for `$state.raw` fields: a new set each time, so Svelte sees the change. */

/** A copy of `set` with `item` added or removed. */
export function toggled<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}

/** A copy of `set` with `item` present (`on`) or absent. */
export function withItem<T>(set: ReadonlySet<T>, item: T, on: boolean): ReadonlySet<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

/** A set of the given items. */
export function setOf<T>(items: Iterable<T> = []): ReadonlySet<T> {
  return new Set(items);
}
