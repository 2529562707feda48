import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlenderVersion } from '../../../../electron/common/domain/blender';
import { BlenderInstalls, nodeDiscoveryFileSystem, readBlenderVersion } from '../../../../electron/core/blender/blender-installs';
import type { DiscoveryFileSystem } from '../../../../electron/core/blender/discovery';
import { parseBlenderVersion } from '../../../../electron/core/blender/version';
import { CoreError } from '../../../../electron/core/errors';
import { systemClock } from '../../../../electron/core/ports';
import { blender, blenderPath } from '../../../support/requirements';

describe.skipIf(!blender.available)(`BlenderInstalls with real Blender${blender.available ? '' : ` (skipped: ${blender.reason})`}`, { timeout: 120_000 }, () => {
  const executable = blenderPath ?? '';
  let root = '';
  let expectedVersion: BlenderVersion | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'blender-installs-'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'home'));
    // A second install on PATH (a copy of the wrapper idea: a script that runs the real Blender).
    writeFileSync(join(root, 'bin', 'blender'), `#!/bin/sh\nexec '${executable}' "$@"\n`);
    chmodSync(join(root, 'bin', 'blender'), 0o755);
    // The same install reached through a link must be listed once.
    mkdirSync(join(root, 'links'));
    symlinkSync(join(root, 'bin', 'blender'), join(root, 'links', 'blender'));
    writeFileSync(join(root, 'not-blender'), '#!/bin/sh\necho hello\n');
    chmodSync(join(root, 'not-blender'), 0o755);
    expectedVersion = parseBlenderVersion(execFileSync(executable, ['--version'], { encoding: 'utf8' }));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  // Only what this test put in place, plus the system Blender, so other installs on a developer machine do not matter.
  const ours = (installs: readonly { readonly executable: string }[]) => installs.filter((install) => install.executable.startsWith(root) || install.executable === executable);

  it('finds Blender on PATH and in the system place with its version, and lists a link to a found install once', async () => {
    const installs = new BlenderInstalls({
      cacheDirectory: join(root, 'cache-a'),
      environment: { platform: 'linux', env: { PATH: `${join(root, 'bin')}:${join(root, 'links')}` }, homeDirectory: join(root, 'home') },
      clock: systemClock,
      userPaths: () => [join(root, 'not-blender')],
    });
    expect(ours(await installs.list())).toEqual([
      { executable: join(root, 'not-blender'), source: 'user', version: null, problem: `${join(root, 'not-blender')} --version did not print a Blender version (exit code 0).` },
      { executable: join(root, 'bin', 'blender'), source: 'path', version: expectedVersion },
      { executable, source: 'system', version: expectedVersion },
    ]);
  });

  it('serves the cached list without searching, and asks only changed executables on refresh', async () => {
    const cacheDirectory = join(root, 'cache-b');
    const environment = { platform: 'linux' as const, env: { PATH: join(root, 'bin') }, homeDirectory: join(root, 'home') };
    const probed: string[] = [];
    const probe = (file: string) => {
      probed.push(file);
      return readBlenderVersion(file, systemClock);
    };
    const first = await new BlenderInstalls({ cacheDirectory, environment, clock: systemClock, userPaths: () => [], probe }).list();
    const probedFirst = probed.length;
    let searched = false;
    const watchingFileSystem: DiscoveryFileSystem = {
      ...nodeDiscoveryFileSystem,
      isFile: (file) => {
        searched = true;
        return nodeDiscoveryFileSystem.isFile(file);
      },
    };
    const restarted = new BlenderInstalls({ cacheDirectory, environment, clock: systemClock, userPaths: () => [], probe, fileSystem: watchingFileSystem });
    const cached = await restarted.list();
    const searchedForCached = searched;
    const refreshed = await restarted.list({ refresh: true });
    expect({ cached, refreshed, searchedForCached, searchedOnRefresh: searched, probedAgain: probed.length - probedFirst }).toEqual({
      cached: first,
      refreshed: first,
      searchedForCached: false,
      searchedOnRefresh: true,
      probedAgain: 0,
    });
  });

  it('chooses the best install for the farm, or throws blender-not-found when there is none', async () => {
    const empty: DiscoveryFileSystem = { isFile: async () => false, listDirectory: async () => [], readText: async () => undefined, realPath: async (file) => file };
    const none = new BlenderInstalls({ cacheDirectory: join(root, 'cache-c'), environment: { platform: 'linux', env: {}, homeDirectory: join(root, 'home') }, clock: systemClock, userPaths: () => [], fileSystem: empty });
    let code: unknown;
    try {
      await none.choose('3.4');
    } catch (error) {
      code = error instanceof CoreError ? error.code : error;
    }
    const some = new BlenderInstalls({ cacheDirectory: join(root, 'cache-d'), environment: { platform: 'linux', env: { PATH: '' }, homeDirectory: join(root, 'home') }, clock: systemClock, userPaths: () => [] });
    const choice = await some.choose(`${expectedVersion?.major}.${expectedVersion?.minor}`, executable);
    expect({ code, choice }).toEqual({ code: 'blender-not-found', choice: { install: { executable, source: 'system', version: expectedVersion } } });
  });
});
