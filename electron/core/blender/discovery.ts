import path from 'node:path';
import type { BlenderInstallSource, BlenderPlatform } from '../../common/domain/blender';

/** The facts about the machine that decide where Blender may live. */
export type DiscoveryEnvironment = {
  readonly platform: BlenderPlatform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDirectory: string;
};

/** The few filesystem questions discovery asks, so every OS's layout can be tested anywhere. */
export type DiscoveryFileSystem = {
  /** True when `file` exists and is a file (or a link to one). */
  isFile(file: string): Promise<boolean>;
  /** Names in `directory`; empty when it does not exist or cannot be read. */
  listDirectory(directory: string): Promise<readonly string[]>;
  /** The file's text; undefined when it does not exist or cannot be read. */
  readText(file: string): Promise<string | undefined>;
  /** The path with links resolved, used to drop duplicates; the path itself when that fails. */
  realPath(file: string): Promise<string>;
};

/** A place where a Blender executable exists. */
export type BlenderCandidate = { readonly executable: string; readonly source: BlenderInstallSource };

/** Blender Launcher keeps its builds in these subfolders of its library folder. */
const launcherSubfolders = ['stable', 'daily', 'experimental', 'custom'] as const;

function pathsFor(platform: BlenderPlatform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function environmentValue(environment: DiscoveryEnvironment, name: string): string | undefined {
  // Windows variable names are case-insensitive (`Path`, `PATH`, `ProgramFiles`).
  if (environment.platform !== 'win32') return nonEmpty(environment.env[name]);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(environment.env)) {
    if (key.toLowerCase() === wanted && nonEmpty(value) !== undefined) return value;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The executable's file name on each platform when looked up on PATH. */
export function executableNames(environment: DiscoveryEnvironment): readonly string[] {
  if (environment.platform !== 'win32') return ['blender'];
  // PATHEXT decides what Windows runs; Blender ships blender.exe (and a blender-launcher.exe GUI wrapper we skip).
  const extensions = (environmentValue(environment, 'PATHEXT') ?? '.EXE').split(';').map((extension) => extension.toLowerCase());
  return extensions.includes('.exe') ? ['blender.exe'] : [];
}

/** Executables named on PATH, in PATH order. */
export function pathCandidates(environment: DiscoveryEnvironment): readonly BlenderCandidate[] {
  const paths = pathsFor(environment.platform);
  const separator = environment.platform === 'win32' ? ';' : ':';
  const directories = (environmentValue(environment, 'PATH') ?? '').split(separator).filter((directory) => directory.trim() !== '');
  return directories.flatMap((directory) =>
    executableNames(environment).map((name) => ({ executable: paths.join(directory.replace(/^"(.*)"$/, '$1'), name), source: 'path' as const })),
  );
}

/** Fixed places (no directory listing needed) where Blender is installed on each OS. */
export function fixedCandidates(environment: DiscoveryEnvironment): readonly BlenderCandidate[] {
  const paths = pathsFor(environment.platform);
  const home = environment.homeDirectory;
  switch (environment.platform) {
    case 'linux': {
      const dataHome = environmentValue(environment, 'XDG_DATA_HOME') ?? paths.join(home, '.local', 'share');
      return [
        { executable: '/usr/bin/blender', source: 'system' },
        { executable: '/usr/local/bin/blender', source: 'system' },
        { executable: paths.join(home, '.local', 'bin', 'blender'), source: 'system' },
        { executable: '/snap/bin/blender', source: 'snap' },
        // Distributions that keep snaps under /var/lib (Fedora, Arch).
        { executable: '/var/lib/snapd/snap/bin/blender', source: 'snap' },
        { executable: paths.join(dataHome, 'flatpak', 'exports', 'bin', 'org.blender.Blender'), source: 'flatpak' },
        { executable: '/var/lib/flatpak/exports/bin/org.blender.Blender', source: 'flatpak' },
        { executable: paths.join(dataHome, 'Steam', 'steamapps', 'common', 'Blender', 'blender'), source: 'steam' },
        { executable: paths.join(home, '.steam', 'steam', 'steamapps', 'common', 'Blender', 'blender'), source: 'steam' },
      ];
    }
    case 'darwin':
      return [
        { executable: '/opt/homebrew/bin/blender', source: 'system' },
        { executable: '/usr/local/bin/blender', source: 'system' },
        {
          executable: paths.join(home, 'Library', 'Application Support', 'Steam', 'steamapps', 'common', 'Blender', 'Blender.app', 'Contents', 'MacOS', 'Blender'),
          source: 'steam',
        },
      ];
    case 'win32':
      return [];
  }
}

/** Directories whose children are scanned, with how a child's name maps to an executable. */
export type ScanRule = {
  readonly directory: string;
  /** Children whose name matches are kept. */
  readonly childPattern: RegExp;
  /** Path of the executable inside a kept child. */
  readonly inside: readonly string[];
  readonly source: BlenderInstallSource;
};

/** Folders to list on each OS (versioned install folders). */
export function scanRules(environment: DiscoveryEnvironment): readonly ScanRule[] {
  const paths = pathsFor(environment.platform);
  const home = environment.homeDirectory;
  switch (environment.platform) {
    case 'linux': {
      const dataHome = environmentValue(environment, 'XDG_DATA_HOME') ?? paths.join(home, '.local', 'share');
      return [
        // Tarballs from blender.org unpack to blender-<version>-linux-x64/.
        { directory: '/opt', childPattern: /^blender/i, inside: ['blender'], source: 'system' },
        { directory: dataHome, childPattern: /^blender/i, inside: ['blender'], source: 'system' },
        { directory: paths.join(home, 'Applications'), childPattern: /^blender/i, inside: ['blender'], source: 'system' },
      ];
    }
    case 'darwin':
      return [
        // Several versions side by side are commonly renamed Blender 3.6.app, Blender-4.1.app...
        { directory: '/Applications', childPattern: /^blender.*\.app$/i, inside: ['Contents', 'MacOS', 'Blender'], source: 'application' },
        { directory: paths.join(home, 'Applications'), childPattern: /^blender.*\.app$/i, inside: ['Contents', 'MacOS', 'Blender'], source: 'application' },
      ];
    case 'win32': {
      const programFolders = uniqueStrings(
        [
          environmentValue(environment, 'ProgramFiles'),
          environmentValue(environment, 'ProgramW6432'),
          environmentValue(environment, 'ProgramFiles(x86)'),
          'C:\\Program Files',
        ].filter((folder): folder is string => folder !== undefined),
        true,
      );
      return programFolders.map((folder) => ({
        // The installer uses "Blender Foundation\Blender 3.4\"; installs before 2.9x used "Blender\".
        directory: paths.join(folder, 'Blender Foundation'),
        childPattern: /^blender/i,
        inside: ['blender.exe'],
        source: 'application' as const,
      }));
    }
  }
}

/** Steam's own folder on each OS; its `steamapps/libraryfolders.vdf` names further libraries. */
export function steamRoots(environment: DiscoveryEnvironment): readonly string[] {
  const paths = pathsFor(environment.platform);
  switch (environment.platform) {
    case 'linux': {
      const dataHome = environmentValue(environment, 'XDG_DATA_HOME') ?? paths.join(environment.homeDirectory, '.local', 'share');
      return [paths.join(dataHome, 'Steam'), paths.join(environment.homeDirectory, '.steam', 'steam')];
    }
    case 'darwin':
      return [paths.join(environment.homeDirectory, 'Library', 'Application Support', 'Steam')];
    case 'win32':
      return uniqueStrings(
        [environmentValue(environment, 'ProgramFiles(x86)') ?? 'C:\\Program Files (x86)', environmentValue(environment, 'ProgramFiles') ?? 'C:\\Program Files'].map(
          (folder) => paths.join(folder, 'Steam'),
        ),
        true,
      );
  }
}

/** Library paths named in a Steam `libraryfolders.vdf` (lines like `"path"  "D:\\SteamLibrary"`). */
export function parseSteamLibraryFolders(text: string): readonly string[] {
  const folders: string[] = [];
  for (const match of text.matchAll(/^\s*"path"\s+"((?:[^"\\]|\\.)*)"/gm)) {
    const folder = match[1];
    if (folder !== undefined) folders.push(folder.replace(/\\\\/g, '\\'));
  }
  return folders;
}

/** The Blender executable inside a Steam library folder. */
export function steamExecutable(environment: DiscoveryEnvironment, library: string): string {
  const paths = pathsFor(environment.platform);
  const inside = environment.platform === 'win32' ? ['blender.exe'] : environment.platform === 'darwin' ? ['Blender.app', 'Contents', 'MacOS', 'Blender'] : ['blender'];
  return paths.join(library, 'steamapps', 'common', 'Blender', ...inside);
}

/** Where Blender Launcher (Victor-IX, successor of DotBow's) keeps `Blender Launcher.ini` in user mode. */
export function blenderLauncherConfigFile(environment: DiscoveryEnvironment): string {
  const paths = pathsFor(environment.platform);
  switch (environment.platform) {
    case 'linux':
      return paths.join(environmentValue(environment, 'XDG_CONFIG_HOME') ?? paths.join(environment.homeDirectory, '.config'), 'Blender Launcher', 'Blender Launcher.ini');
    case 'darwin':
      return paths.join(environment.homeDirectory, 'Library', 'Application Support', 'Blender Launcher', 'Blender Launcher.ini');
    case 'win32':
      return paths.join(environmentValue(environment, 'LOCALAPPDATA') ?? paths.join(environment.homeDirectory, 'AppData', 'Local'), 'Blender Launcher', 'Blender Launcher.ini');
  }
}

/** The `library_folder` value of a Blender Launcher INI file (Qt QSettings format). */
export function parseBlenderLauncherLibraryFolder(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*library_folder\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null) continue;
    let value = match[1] ?? '';
    // QSettings quotes values with special characters and escapes backslashes inside quotes.
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** Scan rules for a Blender Launcher library: `<library>/<stable|daily|experimental|custom>/<build>/...`. */
export function blenderLauncherRules(environment: DiscoveryEnvironment, library: string): readonly ScanRule[] {
  const paths = pathsFor(environment.platform);
  const inside =
    environment.platform === 'win32' ? ['blender.exe'] : environment.platform === 'darwin' ? ['Blender', 'Blender.app', 'Contents', 'MacOS', 'Blender'] : ['blender'];
  return launcherSubfolders.map((subfolder) => ({
    directory: paths.join(library, subfolder),
    childPattern: /^(?!\.)/,
    inside,
    source: 'blender-launcher' as const,
  }));
}

function uniqueStrings(values: readonly string[], caseInsensitive: boolean): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const key = caseInsensitive ? value.toLowerCase() : value;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(value);
  }
  return result;
}

async function expandRule(environment: DiscoveryEnvironment, fileSystem: DiscoveryFileSystem, rule: ScanRule): Promise<BlenderCandidate[]> {
  const paths = pathsFor(environment.platform);
  const children = [...(await fileSystem.listDirectory(rule.directory))].filter((name) => rule.childPattern.test(name)).sort(naturalCompare);
  return children.map((name) => ({ executable: paths.join(rule.directory, name, ...rule.inside), source: rule.source }));
}

/** Compares names so that `blender-3.10` sorts after `blender-3.9`. */
function naturalCompare(left: string, right: string): number {
  return left.localeCompare(right, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * Every existing Blender executable on this machine, user-added paths first, then PATH, then
 * the usual install places of the OS, Blender Launcher libraries and Steam. Duplicates (the
 * same file reached through a link) keep their first source.
 */
export async function findBlenderCandidates(
  environment: DiscoveryEnvironment,
  fileSystem: DiscoveryFileSystem,
  userPaths: readonly string[] = [],
): Promise<readonly BlenderCandidate[]> {
  const possible: BlenderCandidate[] = [
    ...userPaths.map((executable) => ({ executable, source: 'user' as const })),
    ...pathCandidates(environment),
    ...fixedCandidates(environment),
  ];
  for (const rule of scanRules(environment)) possible.push(...(await expandRule(environment, fileSystem, rule)));

  const launcherConfig = await fileSystem.readText(blenderLauncherConfigFile(environment));
  const library = launcherConfig === undefined ? undefined : parseBlenderLauncherLibraryFolder(launcherConfig);
  if (library !== undefined) {
    for (const rule of blenderLauncherRules(environment, library)) possible.push(...(await expandRule(environment, fileSystem, rule)));
  }

  for (const root of steamRoots(environment)) {
    const paths = pathsFor(environment.platform);
    const libraries = [root];
    const vdf = await fileSystem.readText(paths.join(root, 'steamapps', 'libraryfolders.vdf'));
    if (vdf !== undefined) libraries.push(...parseSteamLibraryFolders(vdf));
    for (const library of libraries) possible.push({ executable: steamExecutable(environment, library), source: 'steam' });
  }

  const found: BlenderCandidate[] = [];
  const seen = new Set<string>();
  for (const candidate of possible) {
    const spelledKey = comparisonKey(environment, candidate.executable);
    if (seen.has(spelledKey)) continue;
    seen.add(spelledKey);
    if (!(await fileSystem.isFile(candidate.executable))) continue;
    const realKey = comparisonKey(environment, await fileSystem.realPath(candidate.executable));
    if (seen.has(`real:${realKey}`)) continue;
    seen.add(`real:${realKey}`);
    found.push(candidate);
  }
  return found;
}

function comparisonKey(environment: DiscoveryEnvironment, file: string): string {
  const normalized = pathsFor(environment.platform).normalize(file);
  return environment.platform === 'win32' ? normalized.toLowerCase() : normalized;
}
