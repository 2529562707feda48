/**
 * The closed set of error codes that cross a boundary (IPC, bridge, CLI exit codes).
 * Adding a code is a contract change: the renderer and the CLI must say what it means.
 */
export const errorCodes = [
  'invalid-argument',
  'forbidden-sender',
  'not-found',
  'conflict',
  'canceled',
  'internal',
  'database-corrupt',
  'database-too-new',
  'manager-unreachable',
  'manager-timeout',
  'manager-http',
  'manager-invalid-response',
  'manager-not-flamenco',
  'manager-job-type-changed',
  'shaman-disabled',
  'shaman-checksum-mismatch',
  'shaman-checkout-failed',
  'file-missing',
  'file-changed',
  'file-unreadable',
  'blend-invalid',
  'blend-unsupported',
  'blender-not-found',
  'blender-failed',
  'blender-timeout',
  'settings-invalid',
  'secret-store-unavailable',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/** An error as data: what crosses IPC, the bridge and the CLI. */
export type AppError = {
  readonly code: ErrorCode;
  readonly message: string;
  /** HTTP status when the error came from a Manager answer. */
  readonly status?: number;
  /** Extra facts for display or diagnostics (never secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
};

/** True when `value` is one of the closed set of codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
