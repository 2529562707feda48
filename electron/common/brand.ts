declare const brand: unique symbol;

/** A nominal type: a `string` that the compiler will not confuse with another kind of id. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
