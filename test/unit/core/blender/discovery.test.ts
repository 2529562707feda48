import { describe, expect, it } from 'vitest';
import type { DiscoveryEnvironment, DiscoveryFileSystem } from '../../../../electron/core/blender/discovery';
import {
  findBlenderCandidates,
  parseBlenderLauncherLibraryFolder,
  parseSteamLibraryFolders,
} from '../../../../electron/core/blender/discovery';

/**
 * A filesystem made of file paths (directories are implied by them) and links (path -> target).
 * Windows paths are compared case-insensitively, like NTFS.
 */
function fakeFileSystem(files: readonly string[], options: { readonly texts?: Record<string, string>; readonly links?: Record<string, string>; readonly windows?: boolean } = {}): DiscoveryFileSystem {
  const separator = options.windows === true ? '\\' : '/';
  const fold = (value: string): string => (options.windows === true ? value.toLowerCase() : value);
  const fileSet = new Set(files.map(fold));
  for (const link of Object.keys(options.links ?? {})) fileSet.add(fold(link));
  return {
    isFile: async (file) => fileSet.has(fold(file)),
    listDirectory: async (directory) => {
      const prefix = fold(directory.endsWith(separator) ? directory : directory + separator);
      const names = new Set<string>();
      for (const file of files) {
        if (!fold(file).startsWith(prefix)) continue;
        const name = file.slice(prefix.length).split(separator)[0];
        if (name !== undefined && name !== '') names.add(name);
      }
      return [...names];
    },
    readText: async (file) => options.texts?.[file],
    realPath: async (file) => options.links?.[file] ?? file,
  };
}

const linux = (env: Record<string, string> = {}): DiscoveryEnvironment => ({ platform: 'linux', env: { PATH: '/usr/local/bin:/usr/bin', ...env }, homeDirectory: '/home/ana' });

describe('findBlenderCandidates on Linux', () => {
  it('finds PATH, system, /opt, ~/.local/share, snap, flatpak and Steam installs in preference order', async () => {
    const fileSystem = fakeFileSystem([
      '/usr/bin/blender',
      '/opt/blender-3.6.5-linux-x64/blender',
      '/opt/blender-4.1.0-linux-x64/blender',
      '/opt/krita/krita',
      '/home/ana/.local/share/blender-3.4.1-linux-x64/blender',
      '/snap/bin/blender',
      '/var/lib/flatpak/exports/bin/org.blender.Blender',
      '/home/ana/.local/share/flatpak/exports/bin/org.blender.Blender',
      '/home/ana/.local/share/Steam/steamapps/common/Blender/blender',
    ]);
    expect(await findBlenderCandidates(linux(), fileSystem)).toEqual([
      { executable: '/usr/bin/blender', source: 'path' },
      { executable: '/snap/bin/blender', source: 'snap' },
      { executable: '/home/ana/.local/share/flatpak/exports/bin/org.blender.Blender', source: 'flatpak' },
      { executable: '/var/lib/flatpak/exports/bin/org.blender.Blender', source: 'flatpak' },
      { executable: '/home/ana/.local/share/Steam/steamapps/common/Blender/blender', source: 'steam' },
      { executable: '/opt/blender-3.6.5-linux-x64/blender', source: 'system' },
      { executable: '/opt/blender-4.1.0-linux-x64/blender', source: 'system' },
      { executable: '/home/ana/.local/share/blender-3.4.1-linux-x64/blender', source: 'system' },
    ]);
  });

  it('puts user-added paths first and drops a link to an install already found', async () => {
    const fileSystem = fakeFileSystem(['/opt/blender-4.2/blender', '/srv/tools/blender'], {
      links: { '/usr/local/bin/blender': '/opt/blender-4.2/blender' },
    });
    expect(await findBlenderCandidates(linux(), fileSystem, ['/srv/tools/blender'])).toEqual([
      { executable: '/srv/tools/blender', source: 'user' },
      { executable: '/usr/local/bin/blender', source: 'path' },
    ]);
  });

  it('uses XDG_DATA_HOME and XDG_CONFIG_HOME, and reads the Blender Launcher library', async () => {
    const fileSystem = fakeFileSystem(
      ['/data/flatpak/exports/bin/org.blender.Blender', '/media/launcher/stable/blender-4.2.3-stable.abc/blender', '/media/launcher/daily/blender-4.4.0-alpha+main.def/blender', '/media/launcher/.temp/x/blender'],
      { texts: { '/conf/Blender Launcher/Blender Launcher.ini': '[General]\nlibrary_folder=/media/launcher\n' } },
    );
    expect(await findBlenderCandidates(linux({ PATH: '', XDG_DATA_HOME: '/data', XDG_CONFIG_HOME: '/conf' }), fileSystem)).toEqual([
      { executable: '/data/flatpak/exports/bin/org.blender.Blender', source: 'flatpak' },
      { executable: '/media/launcher/stable/blender-4.2.3-stable.abc/blender', source: 'blender-launcher' },
      { executable: '/media/launcher/daily/blender-4.4.0-alpha+main.def/blender', source: 'blender-launcher' },
    ]);
  });

  it('follows Steam library folders named in libraryfolders.vdf', async () => {
    const fileSystem = fakeFileSystem(['/games/steam-library/steamapps/common/Blender/blender'], {
      texts: { '/home/ana/.steam/steam/steamapps/libraryfolders.vdf': '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"/games/steam-library"\n\t}\n}\n' },
    });
    expect(await findBlenderCandidates(linux({ PATH: '' }), fileSystem)).toEqual([{ executable: '/games/steam-library/steamapps/common/Blender/blender', source: 'steam' }]);
  });
});

describe('findBlenderCandidates on macOS', () => {
  it('finds Blender apps in /Applications and ~/Applications, Homebrew, Steam and Blender Launcher', async () => {
    const environment: DiscoveryEnvironment = { platform: 'darwin', env: { PATH: '/usr/bin:/bin' }, homeDirectory: '/Users/ana' };
    const fileSystem = fakeFileSystem(
      [
        '/Applications/Blender.app/Contents/MacOS/Blender',
        '/Applications/Blender 3.6.app/Contents/MacOS/Blender',
        '/Applications/Safari.app/Contents/MacOS/Safari',
        '/Users/ana/Applications/Blender-4.2.app/Contents/MacOS/Blender',
        '/opt/homebrew/bin/blender',
        '/Users/ana/Library/Application Support/Steam/steamapps/common/Blender/Blender.app/Contents/MacOS/Blender',
        '/Users/ana/BL/stable/blender-4.1.1-stable.e1743a0317bc/Blender/Blender.app/Contents/MacOS/Blender',
      ],
      { texts: { '/Users/ana/Library/Application Support/Blender Launcher/Blender Launcher.ini': '[General]\nlibrary_folder=/Users/ana/BL\n' } },
    );
    expect(await findBlenderCandidates(environment, fileSystem)).toEqual([
      { executable: '/opt/homebrew/bin/blender', source: 'system' },
      { executable: '/Users/ana/Library/Application Support/Steam/steamapps/common/Blender/Blender.app/Contents/MacOS/Blender', source: 'steam' },
      { executable: '/Applications/Blender 3.6.app/Contents/MacOS/Blender', source: 'application' },
      { executable: '/Applications/Blender.app/Contents/MacOS/Blender', source: 'application' },
      { executable: '/Users/ana/Applications/Blender-4.2.app/Contents/MacOS/Blender', source: 'application' },
      { executable: '/Users/ana/BL/stable/blender-4.1.1-stable.e1743a0317bc/Blender/Blender.app/Contents/MacOS/Blender', source: 'blender-launcher' },
    ]);
  });
});

describe('findBlenderCandidates on Windows', () => {
  const environment: DiscoveryEnvironment = {
    platform: 'win32',
    env: {
      Path: 'C:\\Windows\\system32;"C:\\Tools\\Blender"',
      PATHEXT: '.COM;.EXE;.BAT',
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local',
    },
    homeDirectory: 'C:\\Users\\ana',
  };

  it('finds PATH, Program Files, Steam libraries and Blender Launcher builds, case-insensitively', async () => {
    const fileSystem = fakeFileSystem(
      [
        'C:\\Tools\\Blender\\blender.exe',
        'C:\\Program Files\\Blender Foundation\\Blender 3.6\\blender.exe',
        'C:\\Program Files\\Blender Foundation\\Blender 4.2\\blender.exe',
        'C:\\Program Files\\Blender Foundation\\Blender 4.2\\blender-launcher.exe',
        'C:\\Program Files (x86)\\Steam\\steamapps\\common\\Blender\\blender.exe',
        'D:\\SteamLibrary\\steamapps\\common\\Blender\\blender.exe',
        'E:\\Blender Launcher\\experimental\\blender-4.3.0-alpha+npr.123\\blender.exe',
      ],
      {
        windows: true,
        texts: {
          'C:\\Program Files (x86)\\Steam\\steamapps\\libraryfolders.vdf': '"libraryfolders"\n{\n\t"1"\n\t{\n\t\t"path"\t\t"D:\\\\SteamLibrary"\n\t}\n}\n',
          'C:\\Users\\ana\\AppData\\Local\\Blender Launcher\\Blender Launcher.ini': '[General]\r\nlibrary_folder="E:\\\\Blender Launcher"\r\n',
        },
      },
    );
    expect(await findBlenderCandidates(environment, fileSystem, ['c:\\tools\\blender\\BLENDER.EXE'])).toEqual([
      { executable: 'c:\\tools\\blender\\BLENDER.EXE', source: 'user' },
      { executable: 'C:\\Program Files\\Blender Foundation\\Blender 3.6\\blender.exe', source: 'application' },
      { executable: 'C:\\Program Files\\Blender Foundation\\Blender 4.2\\blender.exe', source: 'application' },
      { executable: 'E:\\Blender Launcher\\experimental\\blender-4.3.0-alpha+npr.123\\blender.exe', source: 'blender-launcher' },
      { executable: 'C:\\Program Files (x86)\\Steam\\steamapps\\common\\Blender\\blender.exe', source: 'steam' },
      { executable: 'D:\\SteamLibrary\\steamapps\\common\\Blender\\blender.exe', source: 'steam' },
    ]);
  });

  it('looks in C:\\Program Files when ProgramFiles is not set', async () => {
    const fileSystem = fakeFileSystem(['C:\\Program Files\\Blender Foundation\\Blender\\blender.exe'], { windows: true });
    expect(await findBlenderCandidates({ platform: 'win32', env: {}, homeDirectory: 'C:\\Users\\ana' }, fileSystem)).toEqual([
      { executable: 'C:\\Program Files\\Blender Foundation\\Blender\\blender.exe', source: 'application' },
    ]);
  });
});

describe('parseBlenderLauncherLibraryFolder', () => {
  it('reads plain and quoted QSettings values', () => {
    expect([
      parseBlenderLauncherLibraryFolder('[General]\nlibrary_folder=/home/ana/Blender Launcher\n'),
      parseBlenderLauncherLibraryFolder('[General]\r\nlibrary_folder="C:\\\\Users\\\\ana\\\\BL"\r\n'),
      parseBlenderLauncherLibraryFolder('[General]\nlibrary_folder=\n'),
      parseBlenderLauncherLibraryFolder('[General]\ntheme=dark\n'),
    ]).toEqual(['/home/ana/Blender Launcher', 'C:\\Users\\ana\\BL', undefined, undefined]);
  });
});

describe('parseSteamLibraryFolders', () => {
  it('returns every path entry with backslashes unescaped', () => {
    const vdf = '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"C:\\\\Program Files (x86)\\\\Steam"\n\t\t"label"\t\t""\n\t}\n\t"1"\n\t{\n\t\t"path"\t\t"D:\\\\Games"\n\t}\n}\n';
    expect(parseSteamLibraryFolders(vdf)).toEqual(['C:\\Program Files (x86)\\Steam', 'D:\\Games']);
  });
});
