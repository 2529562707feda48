import type { AppError } from '../errors';

/** The envelope of every call across a boundary: errors travel as data, never as throws. */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

/** Wraps a value as a success. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** Wraps an error as a failure. */
export function fail<T = never>(error: AppError): IpcResult<T> {
  return { ok: false, error };
}
