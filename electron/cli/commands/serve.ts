import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createContractHandlers } from '../../core/api/contract-handlers';
import { startBridge } from '../../core/bridge/bridge-server';
import type { CliCommand } from '../command';
import { exitCodes, flagValue } from '../command';

/**
 * `serve`: runs core headless and serves the built renderer plus the contract over the
 * loopback bridge, so the UI can be used (or tested) in a browser without Electron.
 */
export const serveCommands: readonly CliCommand[] = [
  {
    name: 'serve',
    summary: 'Serve the UI on 127.0.0.1 for a browser, backed by this machine\'s core (headless use, tests).',
    usage: '[--port N] [--renderer DIR]',
    async run(args, { core, output, signal }) {
      const directory = resolve(flagValue(args, 'renderer') ?? 'out/renderer');
      if (!existsSync(resolve(directory, 'index.html'))) {
        output.error(`No built renderer in ${directory}: run \`npm run build:renderer\` first.`);
        return exitCodes.failure;
      }
      const port = Number(flagValue(args, 'port') ?? '0');
      // Serving is the app without its window: work the queue and follow the farm.
      core.submissions.start();
      const bridge = await startBridge({ handlers: createContractHandlers(core, 'bridge'), events: core.events, staticDirectory: directory, port });
      output.line(`Open ${bridge.pageUrl}`);
      output.line('Press Ctrl-C to stop.');
      await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
      await bridge.close();
      return exitCodes.ok;
    },
  },
];
