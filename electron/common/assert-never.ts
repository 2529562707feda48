/** Marks a switch as exhaustive: the compiler fails when a union gains a member nobody handles. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
