import type { ErrorCode } from '../common/errors';
import { assertNever } from '../common/assert-never';
import type { Core } from '../core/create-core';

/** Arguments after the command words: positionals and `--flag value` / `--flag` pairs. */
export type ParsedArguments = {
  readonly positionals: readonly string[];
  /** Every value given for a flag, in order; a bare `--flag` has the value `'true'`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
};

/** Where a command writes. `json` prints one JSON document to stdout. */
export type CliOutput = {
  line(text: string): void;
  error(text: string): void;
  json(value: unknown): void;
  /** Progress bars only when stdout is a terminal; plain lines otherwise. */
  readonly isTty: boolean;
};

/** What a command gets to work with. */
export type CliContext = {
  readonly core: Core;
  readonly output: CliOutput;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
};

/** One CLI command, such as `managers add` or `submit`. */
export type CliCommand = {
  /** The command words, e.g. `'managers add'`. */
  readonly name: string;
  readonly summary: string;
  /** Usage after the name, e.g. `'NAME URL [--header K=V]...'`. */
  readonly usage: string;
  run(args: ParsedArguments, context: CliContext): Promise<number>;
};

/** Exit codes scripts can rely on (also listed in `--help`). */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  managerUnreachable: 3,
  managerRejected: 4,
  invalidInput: 5,
  fileProblem: 6,
  blenderProblem: 7,
  canceled: 130,
} as const;

/** The exit code for an error of `code`. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-argument':
    case 'settings-invalid':
      return exitCodes.usage;
    case 'manager-unreachable':
    case 'manager-timeout':
      return exitCodes.managerUnreachable;
    case 'manager-http':
    case 'manager-invalid-response':
    case 'manager-not-flamenco':
    case 'manager-job-type-changed':
    case 'shaman-disabled':
    case 'shaman-checksum-mismatch':
    case 'shaman-checkout-failed':
      return exitCodes.managerRejected;
    case 'blend-invalid':
    case 'blend-unsupported':
      return exitCodes.invalidInput;
    case 'file-missing':
    case 'file-changed':
    case 'file-unreadable':
      return exitCodes.fileProblem;
    case 'blender-not-found':
    case 'blender-failed':
    case 'blender-timeout':
      return exitCodes.blenderProblem;
    case 'canceled':
      return exitCodes.canceled;
    case 'forbidden-sender':
    case 'not-found':
    case 'conflict':
    case 'internal':
    case 'database-corrupt':
    case 'database-too-new':
    case 'secret-store-unavailable':
      return exitCodes.failure;
    default:
      return assertNever(code, 'error code');
  }
}

/** The single value of a flag, or undefined. */
export function flagValue(args: ParsedArguments, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

/** Whether a boolean flag was given. */
export function hasFlag(args: ParsedArguments, name: string): boolean {
  const value = flagValue(args, name);
  return value !== undefined && value !== 'false';
}

/** The subset of `names` given as boolean flags (`--name`, not `--name=false`). */
export function enabledFlags(args: ParsedArguments, names: readonly string[]): ReadonlySet<string> {
  return new Set(names.filter((name) => hasFlag(args, name)));
}

/** Prints `items` as one JSON document, or one line each, or `empty` when there are none. */
export function printList<T>(output: CliOutput, items: readonly T[], format: { readonly json: boolean; readonly empty: string; readonly line: (item: T) => string }): void {
  if (format.json) output.json(items);
  else if (items.length === 0) output.line(format.empty);
  else for (const item of items) output.line(format.line(item));
}
