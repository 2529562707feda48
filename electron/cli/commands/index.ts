import type { CliCommand } from '../command';
import { serveCommands } from './serve';

/** Every command of the CLI; each area's file exports its own list. */
export const allCommands: readonly CliCommand[] = [...serveCommands];
