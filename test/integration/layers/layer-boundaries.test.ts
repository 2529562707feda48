import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

type Probe = { readonly layer: string; readonly file: string; readonly source: string; readonly tsconfig: string; readonly lintMessage: RegExp; readonly compileError: RegExp };

// Each probe is a stray import the layers must refuse, both in lint and in typecheck.
const probes: readonly Probe[] = [
  {
    layer: 'core importing electron',
    file: 'electron/core/probe.ts',
    source: "import { app } from 'electron';\nexport const name = app.getName();\n",
    tsconfig: 'electron/core/tsconfig.json',
    lintMessage: /core and cli never import electron/,
    compileError: /has no exported member 'app'/,
  },
  {
    layer: 'core using window',
    file: 'electron/core/probe-window.ts',
    source: 'export const width = window.innerWidth;\n',
    tsconfig: 'electron/core/tsconfig.json',
    lintMessage: /core runs in Node: there is no DOM/,
    compileError: /Cannot find name 'window'/,
  },
  {
    layer: 'renderer importing node:fs',
    file: 'renderer/src/probe.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const text = readFileSync('/etc/hostname', 'utf8');\n",
    tsconfig: 'renderer/tsconfig.json',
    lintMessage: /The renderer has no Node/,
    compileError: /Cannot find module 'node:fs'/,
  },
  {
    layer: 'renderer using process',
    file: 'renderer/src/probe-process.ts',
    source: 'export const home = process.env.HOME;\n',
    tsconfig: 'renderer/tsconfig.json',
    lintMessage: /The renderer has no Node/,
    compileError: /Cannot find name 'process'/,
  },
  {
    layer: 'common importing node:path',
    file: 'electron/common/probe.ts',
    source: "import { join } from 'node:path';\nexport const joined = join('a', 'b');\n",
    tsconfig: 'electron/common/tsconfig.json',
    lintMessage: /electron\/common is pure TypeScript/,
    compileError: /Cannot find module 'node:path'/,
  },
  {
    layer: 'main importing the bridge',
    file: 'electron/main/probe.ts',
    source: "export { startBridge } from '../core/bridge/bridge-server';\n",
    tsconfig: 'electron/main/tsconfig.json',
    lintMessage: /never starts the loopback bridge/,
    compileError: /^$/,
  },
  {
    layer: 'core importing a test double',
    file: 'electron/core/probe-double.ts',
    source: "export * from '../../test/support/manager-double';\n",
    tsconfig: 'electron/core/tsconfig.json',
    lintMessage: /Test doubles never ship/,
    compileError: /^$/,
  },
];

describe('layer boundaries', () => {
  const eslint = new ESLint({ cwd: root });

  for (const probe of probes) {
    it(`lint refuses ${probe.layer}`, async () => {
      const [result] = await eslint.lintText(probe.source, { filePath: join(root, probe.file) });
      const messages = (result?.messages ?? []).map((message) => message.message).join('\n');
      expect(messages).toMatch(probe.lintMessage);
    });
  }

  describe('typecheck', () => {
    for (const probe of probes.filter((entry) => entry.compileError.source !== '^$')) {
      it(`tsc refuses ${probe.layer}`, async () => {
        // The probe sits beside the layer's real files (same folder), compiled with that
        // layer's own tsconfig, so the same lib/types/paths apply.
        const probeFile = join(root, probe.file.replace(/\.ts$/, `.${process.pid}.probe.ts`));
        writeFileSync(probeFile, probe.source);
        const config = join(root, probe.tsconfig.replace(/tsconfig\.json$/, `tsconfig.${process.pid}.probe.json`));
        writeFileSync(
          config,
          JSON.stringify({
            extends: join(root, probe.tsconfig),
            compilerOptions: { noEmit: true, composite: false, emitDeclarationOnly: false, declaration: false, incremental: false },
            include: [probeFile],
            files: [],
            references: [],
          }),
        );
        try {
          await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root });
          expect.unreachable(`tsc accepted ${relative(root, probeFile)}`);
        } catch (error) {
          const output = String((error as { stdout?: string }).stdout ?? error);
          expect(output).toMatch(probe.compileError);
        } finally {
          rmSync(probeFile, { force: true });
          rmSync(config, { force: true });
        }
      });
    }
  });
});
