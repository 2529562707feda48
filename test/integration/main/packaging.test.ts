import { createPackageWithOptions, listPackage, statFile } from '@electron/asar';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUserModelId } from '../../../electron/main/app-url';
import { trayIcons } from '../../../electron/main/tray/tray-state';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

// A dry run of `electron-builder`: its own config loader and validator, then the built app
// packed into an asar with the config's file rules. No Electron binary is needed (the real
// `--dir` build downloads one), so this runs everywhere `npm test` does.
const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

type BuilderConfig = {
  readonly appId?: string;
  readonly productName?: string;
  /** getConfig normalizes the list of patterns into one `{ filter }` set. */
  readonly files?: readonly (string | { readonly filter: readonly string[] })[];
  readonly asar?: boolean;
  readonly asarUnpack?: readonly string[];
  readonly extraResources?: readonly { readonly from: string; readonly to: string }[];
  readonly npmRebuild?: boolean;
  readonly beforeBuild?: string;
  readonly afterPack?: string;
  readonly fileAssociations?: readonly { readonly ext: string; readonly name: string; readonly mimeType?: string }[];
  readonly publish?: { readonly provider: string };
  readonly linux?: { readonly target?: readonly string[]; readonly icon?: string };
  readonly win?: { readonly target?: readonly string[]; readonly icon?: string };
  readonly mac?: { readonly target?: readonly string[]; readonly icon?: string; readonly entitlements?: string };
};

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDirectory: string, configPath: string, extra: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const minimatch = require('minimatch') as (path: string, pattern: string, options?: { dot?: boolean; matchBase?: boolean }) => boolean;

type PackageJson = {
  readonly main?: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
};

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The production dependency closure, resolved the way Node does (nearest node_modules up). */
function productionPackages(): readonly string[] {
  const found = new Set<string>();
  const visit = (fromDirectory: string, dependencies: Readonly<Record<string, string>>, optional: ReadonlySet<string>): void => {
    for (const name of Object.keys(dependencies)) {
      let directory = fromDirectory;
      let location: string | undefined;
      for (;;) {
        const candidate = join(directory, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) {
          location = candidate;
          break;
        }
        if (directory === root) break;
        directory = dirname(directory.slice(0, directory.lastIndexOf(`${sep}node_modules${sep}`)) + sep + 'x');
        if (!directory.startsWith(root)) break;
      }
      if (location === undefined) {
        if (optional.has(name)) continue;
        throw new Error(`production dependency ${name} (needed from ${relative(root, fromDirectory) || 'the app'}) is not installed`);
      }
      if (found.has(location)) continue;
      found.add(location);
      const manifest = readJson<PackageJson>(join(location, 'package.json'));
      visit(location, { ...manifest.dependencies, ...manifest.optionalDependencies }, new Set(Object.keys(manifest.optionalDependencies ?? {})));
    }
  };
  const manifest = readJson<PackageJson>(join(root, 'package.json'));
  visit(root, { ...manifest.dependencies, ...manifest.optionalDependencies }, new Set(Object.keys(manifest.optionalDependencies ?? {})));
  return [...found].map((location) => relative(root, location).split(sep).join('/')).sort();
}

/** Copies what electron-builder would put in the app: `files` rules for the app (`out/` from `built`), the closure for node_modules. */
function stageApp(config: BuilderConfig, stage: string, built: string): void {
  const patterns = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
  const includes = patterns.filter((pattern) => !pattern.startsWith('!'));
  const excludes = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const excluded = (path: string): boolean => excludes.some((pattern) => minimatch(path, pattern, { dot: true }));
  const copyTree = (relativePath: string, keep: (path: string) => boolean, base = root): void => {
    const source = join(base, relativePath);
    if (statSync(source).isDirectory()) {
      for (const entry of readdirSync(source)) copyTree(`${relativePath}/${entry}`, keep, base);
      return;
    }
    if (!keep(relativePath) || excluded(relativePath)) return;
    mkdirSync(dirname(join(stage, relativePath)), { recursive: true });
    cpSync(source, join(stage, relativePath));
  };
  const included = (path: string): boolean => includes.some((pattern) => minimatch(path, pattern, { dot: true }));
  copyTree('package.json', included);
  copyTree('out', included, built);
  // electron-builder leaves build intermediates of native modules out; so does this.
  for (const location of productionPackages()) copyTree(location, (path) => !/\/build\/(Release|Debug)\/(obj|obj\.target|\.deps)\//.test(path) && !path.includes('/node_modules/', location.length));
}

describe('packaging', () => {
  let config: BuilderConfig;
  let temporary: ReturnType<typeof makeTemporaryDirectory>;
  let archive: string;
  let entries: readonly string[];
  let built: string;

  beforeAll(async () => {
    config = await getConfig(root, 'build/electron-builder.yml', null);
    temporary = makeTemporaryDirectory('flamenco-desk-asar-');
    // A fresh build of the current sources, outside out/ so the browser tests reading
    // out/renderer at the same time are not disturbed.
    built = join(temporary.path, 'built');
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(built, 'out'), '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' });
    const stage = join(temporary.path, 'app');
    stageApp(config, stage, built);
    archive = join(temporary.path, 'app.asar');
    const unpack = config.asarUnpack ?? [];
    await createPackageWithOptions(stage, archive, { unpack: unpack.length === 1 ? (unpack[0] ?? '') : `{${unpack.join(',')}}` });
    entries = listPackage(archive, { isPack: false }).map((entry) => entry.split(sep).join('/'));
  }, 180_000);

  afterAll(() => temporary?.remove());

  it('passes electron-builder’s own configuration validator, which rejects a broken config', async () => {
    const logger = new DebugLogger(false);
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, fileAssociations: [{ name: 'no extension' }] } as unknown as BuilderConfig, logger)).rejects.toThrow(/fileAssociations/);
  });

  it('names the app (its Windows model id) and builds AppImage, deb, NSIS and dmg', () => {
    expect({
      appId: config.appId,
      productName: config.productName,
      linux: config.linux?.target,
      win: config.win?.target,
      mac: config.mac?.target,
      publish: config.publish?.provider,
    }).toEqual({ appId: appUserModelId, productName: 'Flamenco Desk', linux: ['AppImage', 'deb'], win: ['nsis'], mac: ['dmg'], publish: 'github' });
  });

  it('opens .blend files with the app', () => {
    expect(config.fileAssociations?.map(({ ext, mimeType }) => ({ ext, mimeType }))).toEqual([{ ext: 'blend', mimeType: 'application/x-blender' }]);
  });

  it('rebuilds only better-sqlite3 and only while packaging, never at install', async () => {
    const hooks = (await import(pathToFileURL(join(root, 'build/rebuild-native.mjs')).href)) as { nativeModules: readonly string[]; beforeBuild: unknown; afterPack: unknown };
    const manifest = readJson<PackageJson>(join(root, 'package.json'));
    const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter((name) => manifest.scripts?.[name] !== undefined);
    expect({
      npmRebuild: config.npmRebuild,
      beforeBuild: config.beforeBuild,
      afterPack: config.afterPack,
      nativeModules: hooks.nativeModules,
      hooks: [typeof hooks.beforeBuild, typeof hooks.afterPack],
      asarUnpack: config.asarUnpack,
      installScripts,
    }).toEqual({
      npmRebuild: true,
      beforeBuild: './build/rebuild-native.mjs',
      afterPack: './build/rebuild-native.mjs',
      nativeModules: ['better-sqlite3'],
      hooks: ['function', 'function'],
      asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
      installScripts: [],
    });
  });

  it('ships electron-updater as a dependency and Electron only as a build tool', () => {
    const manifest = readJson<PackageJson>(join(root, 'package.json'));
    expect({ updater: manifest.dependencies?.['electron-updater'] !== undefined, electronInDependencies: manifest.dependencies?.['electron'] !== undefined, electronInDevDependencies: manifest.devDependencies?.['electron'] !== undefined }).toEqual({
      updater: true,
      electronInDependencies: false,
      electronInDevDependencies: true,
    });
  });

  it('has the app icons and one tray icon per state, panel variant and density', () => {
    const sizes = readdirSync(join(root, 'build/icons')).sort().map((name) => ({ name, ...pngSize(join(root, 'build/icons', name)) }));
    const expectedSizes = [128, 16, 24, 256, 32, 48, 512, 64].map((size) => ({ name: `${size}x${size}.png`, width: size, height: size }));
    const tray = trayIcons.flatMap((icon) => ['dark', 'light'].flatMap((variant) => [`${icon}-${variant}.png`, `${icon}-${variant}@2x.png`]));
    expect({
      icon: pngSize(join(root, 'build/icon.png')),
      runtimeIcon: pngSize(join(root, 'resources/icon.png')),
      sizes,
      tray: tray.map((name) => ({ name, ...pngSize(join(root, 'resources/tray', name)) })),
      entitlements: existsSync(join(root, config.mac?.entitlements ?? 'missing')),
      resources: config.extraResources,
    }).toEqual({
      icon: { width: 512, height: 512 },
      runtimeIcon: { width: 256, height: 256 },
      sizes: expectedSizes,
      tray: tray.map((name) => ({ name, ...(name.includes('@2x') ? { width: 32, height: 32 } : { width: 16, height: 16 }) })),
      entitlements: true,
      resources: [{ from: 'resources', to: 'resources' }],
    });
  });

  it('packs the built main, preload and renderer, and no sources, maps or dev tools', () => {
    const manifest = readJson<PackageJson>(join(root, 'package.json'));
    const required = ['/package.json', `/${manifest.main ?? 'missing'}`, '/out/preload/index.cjs', '/out/renderer/index.html', '/node_modules/better-sqlite3/package.json', '/node_modules/electron-updater/package.json'];
    expect({
      required: required.filter((entry) => !entries.includes(entry)),
      maps: entries.filter((entry) => entry.endsWith('.map')),
      sources: entries.filter((entry) => entry.startsWith('/electron/') || entry.startsWith('/renderer/') || entry.startsWith('/test/')),
      devTools: entries.filter((entry) => /^\/node_modules\/(electron|vitest|electron-builder|typescript|@electron\/rebuild)\//.test(entry)),
    }).toEqual({ required: [], maps: [], sources: [], devTools: [] });
  });

  it('packs the files core reads next to its bundle at run time (scripts/runtime-assets.mjs)', async () => {
    const { runtimeAssets } = (await import(pathToFileURL(join(root, 'scripts/runtime-assets.mjs')).href)) as { runtimeAssets: readonly (readonly [string, string])[] };
    const expected = runtimeAssets.flatMap(([from, to]) => readdirSync(join(root, from)).map((name) => `/out/main/${to}/${name}`));
    expect({ missing: expected.filter((entry) => !entries.includes(entry)), some: expected.length > 0 }).toEqual({ missing: [], some: true });
  });

  it('keeps better-sqlite3’s native module outside the archive', () => {
    const native = '/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    const entry = statFile(archive, native.slice(1)) as { unpacked?: boolean };
    expect({ listed: entries.includes(native), unpacked: entry.unpacked, onDisk: existsSync(`${archive}.unpacked${native}`) }).toEqual({ listed: true, unpacked: true, onDisk: true });
  });

  it('loads in a sandboxed preload: the preload requires nothing but electron', () => {
    const preload = readFileSync(join(built, 'out/preload/index.cjs'), 'utf8');
    expect([...new Set([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]))]).toEqual(['electron']);
  });

  it('imports only Node built-ins, electron and packaged dependencies from the main bundle', () => {
    const bundle = readdirSync(join(built, 'out/main')).filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(built, 'out/main', name), 'utf8')).join('\n');
    const specifiers = [...bundle.matchAll(/(?:from\s+|import\()\s*["']([^"'./][^"']*)["']/g)].map((match) => match[1] ?? '');
    const packaged = new Set(productionPackages().map((location) => location.replace(/^.*node_modules\//, '')));
    const unresolved = [...new Set(specifiers)].filter((specifier) => {
      if (specifier.startsWith('node:') || specifier === 'electron') return false;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
      return !packaged.has(name);
    });
    expect(unresolved).toEqual([]);
  });
});
