// Compile-time assertions for the samples.

/** `true` when `A` and `B` are the same type (not merely assignable). */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** Compiles only when the type argument is `true`: `assert<Equal<typeof x, Expected>>()`. */
export function assert<T extends true>(): T | void {}
