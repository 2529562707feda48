import type { CliCommand } from '../command';
import { blenderCommands } from './blender';
import { farmCommands } from './farm';
import { managerCommands } from './managers';
import { packCommands } from './pack';
import { serveCommands } from './serve';
import { submitCommands } from './submit';

/** Every command of the CLI; each area's file exports its own list. */
export const allCommands: readonly CliCommand[] = [...managerCommands, ...farmCommands, ...blenderCommands, ...serveCommands, ...submitCommands, ...packCommands];
