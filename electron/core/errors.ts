import type { AppError, ErrorCode } from '../common/errors';

/**
 * The one error class core throws. It carries an {@link AppError} so every boundary can
 * turn it into data without guessing.
 */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, extra: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'CoreError';
    this.code = code;
    this.status = extra.status;
    this.details = extra.details;
  }

  /** The data form of this error. */
  toAppError(): AppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** Turns anything thrown into an {@link AppError}; unknown throws become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof CoreError) return error.toAppError();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
