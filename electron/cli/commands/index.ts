import type { CliCommand } from '../command';

/** Every command of the CLI; each area's file exports its own list. */
export const allCommands: readonly CliCommand[] = [];
