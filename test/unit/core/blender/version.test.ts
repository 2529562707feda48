import { describe, expect, it } from 'vitest';
import type { BlenderInstall, BlenderInstallSource } from '../../../../electron/common/domain/blender';
import { chooseBlender, parseBlenderVersion, parseExpectedVersion } from '../../../../electron/core/blender/version';

describe('parseBlenderVersion', () => {
  it('reads the first line of a distribution build (Debian prints nothing else)', () => {
    expect(parseBlenderVersion('Blender 3.4.1\n')).toEqual({ major: 3, minor: 4, patch: 1, text: '3.4.1' });
  });

  it('reads hash and date of an official build and skips noise before the version line', () => {
    const output = [
      'Color management: using fallback mode for management',
      'Blender 4.2.3 LTS',
      '\tbuild date: 2024-10-15',
      '\tbuild time: 00:45:22',
      '\tbuild commit date: 2024-10-14',
      '\tbuild hash: 2b0ec8e1ab15',
      '\tbuild branch: blender-v4.2-release',
      '\tbuild platform: Linux',
    ].join('\n');
    expect(parseBlenderVersion(output)).toEqual({ major: 4, minor: 2, patch: 3, text: '4.2.3 LTS', hash: '2b0ec8e1ab15', buildDate: '2024-10-15' });
  });

  it('treats a missing patch as 0 and "Unknown" facts as absent', () => {
    expect(parseBlenderVersion('Blender 2.79 (sub 0)\r\n\tbuild date: Unknown\r\n\tbuild hash: Unknown\r\n')).toEqual({ major: 2, minor: 79, patch: 0, text: '2.79 (sub 0)' });
  });

  it('returns undefined when no version line is printed', () => {
    expect(parseBlenderVersion('Segmentation fault\n')).toBeUndefined();
  });
});

describe('parseExpectedVersion', () => {
  it('reads major.minor with or without a patch', () => {
    expect([parseExpectedVersion('3.4'), parseExpectedVersion('Blender 3.4.1'), parseExpectedVersion('latest')]).toEqual([
      { major: 3, minor: 4 },
      { major: 3, minor: 4, patch: 1 },
      undefined,
    ]);
  });
});

function install(executable: string, text: string | null, source: BlenderInstallSource = 'system'): BlenderInstall {
  if (text === null) return { executable, source, version: null, problem: 'exit code 1' };
  const version = parseBlenderVersion(`Blender ${text}`);
  if (version === undefined) throw new Error(`bad test version ${text}`);
  return { executable, source, version };
}

describe('chooseBlender', () => {
  const installs = [install('/a/3.3', '3.3.9'), install('/a/3.4.0', '3.4.0'), install('/a/3.4.1', '3.4.1'), install('/a/3.6', '3.6.2'), install('/a/4.2', '4.2.0')];

  it('picks the newest install when the farm version is unknown', () => {
    expect(chooseBlender(installs)).toEqual({ install: installs[4] });
  });

  it('picks the same major.minor with the newest patch without a warning', () => {
    expect(chooseBlender(installs, '3.4')).toEqual({ install: installs[2] });
  });

  it('picks the exact patch when the farm names one', () => {
    expect(chooseBlender(installs, '3.4.0')).toEqual({ install: installs[1] });
  });

  it('prefers the closest older minor over an equally close newer one, and warns', () => {
    const choice = chooseBlender([install('/a/3.4', '3.4.1'), install('/a/3.6', '3.6.2')], '3.5');
    expect(choice).toEqual({
      install: { executable: '/a/3.4', source: 'system', version: { major: 3, minor: 4, patch: 1, text: '3.4.1' } },
      warning: "Blender 3.4.1 (/a/3.4) does not match the farm's Blender 3.5: settings and file features may differ on the workers.",
    });
  });

  it('falls back to another major with a warning', () => {
    expect(chooseBlender([install('/a/4.2', '4.2.0')], '3.6')?.warning).toBe(
      "Blender 4.2.0 (/a/4.2) does not match the farm's Blender 3.6: settings and file features may differ on the workers.",
    );
  });

  it('breaks ties by source: a user-added path wins over PATH', () => {
    const fromPath = install('/usr/bin/blender', '3.4.1', 'path');
    const fromUser = install('/srv/blender', '3.4.1', 'user');
    expect(chooseBlender([fromPath, fromUser], '3.4')).toEqual({ install: fromUser });
  });

  it('uses an install of unknown version only when nothing else answers, with a warning', () => {
    const broken = install('/a/broken', null);
    expect([chooseBlender([broken, installs[0] as BlenderInstall], '3.4')?.install, chooseBlender([broken])]).toEqual([
      installs[0],
      { install: broken, warning: 'The version of Blender at /a/broken is unknown (exit code 1).' },
    ]);
  });

  it('returns undefined without installs', () => {
    expect(chooseBlender([], '3.4')).toBeUndefined();
  });
});
