import { access } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Dependency, DependencyKind } from '../../../common/domain/dependency';
import { CoreError } from '../../errors';
import { openBlendFile, type Address, type BlendBlock, type BlendFile, type StructView } from './blend-file';
import { isIdBlock, reachableIds } from './id-graph';
import { DirectoryCache, expandDirectory, expandSequence, expandTiles, isInside, resolveBlendPath } from './paths';

/** Options for {@link traceDependencies}. */
export type TraceOptions = {
  /** Folder the project lives in; each dependency says whether it lies inside it. */
  readonly projectRoot?: string;
  /** Follow linked libraries into their own dependencies (default true). */
  readonly recursive?: boolean;
  /** Also report references whose data is packed into the .blend (default false, like `blend_paths(packed=False)`). */
  readonly includePacked?: boolean;
};

// Values from Blender's DNA headers (facts, stable since 2.5x).
const imageSource = { file: 1, sequence: 2, movie: 3, tiled: 6 } as const;
const movieClipSequence = 1;
const stripType = { image: 0, movie: 3, soundRam: 4, soundHd: 5 } as const;
const pointCacheDisk = 1 << 6;
const pointCacheExternal = 1 << 9;
const fluidTypeDomain = 1;

/** A reference found in a block, before it is expanded to files on disk. */
type Found = {
  readonly kind: DependencyKind;
  readonly block: string;
  readonly storedPath: string;
  readonly packed: boolean;
  /** How to turn the absolute path into files. */
  readonly expand: { readonly how: 'file' } | { readonly how: 'sequence' } | { readonly how: 'tiles'; readonly tiles: readonly number[] } | { readonly how: 'directory' };
};

/** A point cache's files are listed by pattern rather than by a stored path. */
type FoundCache = {
  readonly block: string;
  readonly folder: string;
  readonly prefix: string;
  readonly index: number;
  readonly storedPath: string;
  /** The cache's own stored folder: every file in it (or the folder itself when it is missing). */
  readonly wholeFolder: boolean;
};

function idName(view: StructView): string {
  return view.string('id.name') ?? '';
}

function pathOf(view: StructView): string {
  return view.string('filepath') ?? view.string('name') ?? '';
}

function isPacked(view: StructView): boolean {
  const single = view.pointer('packedfile');
  if (single !== undefined && single !== 0) return true;
  const list = view.sub('packedfiles');
  const first = list?.pointer('first');
  return first !== undefined && first !== 0;
}

function imageFound(view: StructView): Found[] {
  const source = view.number('source') ?? 0;
  const stored = pathOf(view);
  // Blender's image_foreach_path: only file-backed sources with a non-empty path.
  if (stored === '' || ![imageSource.file, imageSource.sequence, imageSource.movie, imageSource.tiled].includes(source as 1)) return [];
  const block = idName(view);
  const packed = isPacked(view);
  if (source === imageSource.sequence) return [{ kind: 'image', block, storedPath: stored, packed, expand: { how: 'sequence' } }];
  if (source === imageSource.tiled) {
    const tiles = view.list('tiles', 'ImageTile').map((tile) => tile.number('tile_number') ?? 1001);
    return [{ kind: 'image', block, storedPath: stored, packed, expand: { how: 'tiles', tiles: tiles.length > 0 ? tiles : [1001] } }];
  }
  return [{ kind: 'image', block, storedPath: stored, packed, expand: { how: 'file' } }];
}

function simpleFound(view: StructView, kind: DependencyKind, sequence: boolean): Found[] {
  const stored = pathOf(view);
  if (stored === '') return [];
  return [{ kind, block: idName(view), storedPath: stored, packed: isPacked(view), expand: sequence ? { how: 'sequence' } : { how: 'file' } }];
}

function libraryPath(view: StructView): string {
  // The DNA name of the stored path is `name` (the absolute `filepath`/`filepath_abs` next to it is
  // run-time data); newer DNA may call the stored one `filepath`.
  return view.string('name') ?? view.string('filepath') ?? '';
}

function textFound(view: StructView): Found[] {
  const stored = view.field('filepath')?.isPointer === true ? view.pointedString('filepath') : view.pointedString('name');
  // In-memory texts have no path (Blender's text_foreach_path only looks at the pointer).
  if (stored === undefined || stored === '') return [];
  return [{ kind: 'text', block: idName(view), storedPath: stored, packed: false, expand: { how: 'file' } }];
}

function stripFound(scene: StructView): Found[] {
  const editing = scene.deref('ed');
  if (editing === undefined) return [];
  const found: Found[] = [];
  const block = idName(scene);
  const seen = new Set<Address>();
  const walk = (strips: StructView[], depth: number): void => {
    for (const strip of strips) {
      if (seen.has(strip.block.address) || depth > 32) continue;
      seen.add(strip.block.address);
      const type = strip.number('type') ?? -1;
      const data = strip.deref('strip') ?? strip.deref('data');
      if (data !== undefined && [stripType.image, stripType.movie, stripType.soundRam, stripType.soundHd].includes(type as 0)) {
        const folder = data.string('dir') ?? data.string('dirpath') ?? '';
        const elements = data.deref('stripdata')?.elements() ?? [];
        const names = elements.map((element) => element.string('name') ?? element.string('filename') ?? '');
        const first = names[0];
        const join = (name: string): string => (folder === '' ? name : folder.endsWith('/') || folder.endsWith('\\') ? folder + name : `${folder}/${name}`);
        if ((type === stripType.movie || type === stripType.soundRam) && first !== undefined) {
          found.push({ kind: 'sequencer-strip', block, storedPath: join(first), packed: false, expand: { how: 'file' } });
        } else if (type === stripType.image && names.length > 0) {
          for (const name of names) found.push({ kind: 'sequencer-strip', block, storedPath: join(name), packed: false, expand: { how: 'file' } });
        } else if (folder !== '') {
          found.push({ kind: 'sequencer-strip', block, storedPath: folder, packed: false, expand: { how: 'file' } });
        }
      }
      walk(strip.list('seqbase'), depth + 1);
    }
  };
  walk(editing.list('seqbase'), 0);
  return found;
}

function cacheName(cache: StructView, ownerName: string): string {
  const name = cache.string('name') ?? '';
  if (name !== '') return name;
  // Blender names unnamed caches by the hex of the owner's name so the file name is always valid.
  return [...Buffer.from(ownerName, 'utf8')].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
}

function pointCaches(caches: StructView[], ownerBlock: string, blendFile: string): FoundCache[] {
  const result: FoundCache[] = [];
  for (const cache of caches) {
    const flag = cache.number('flag') ?? 0;
    if ((flag & pointCacheDisk) === 0) continue;
    const external = (flag & pointCacheExternal) !== 0;
    const customPath = cache.string('path') ?? '';
    // Blender's object_foreach_path reports a disk cache's own path (whether or not it is external).
    if (customPath !== '') result.push({ block: ownerBlock, folder: resolveBlendPath(customPath, blendFile), prefix: '', index: -1, storedPath: customPath, wholeFolder: true });
    const stored = external ? (cache.string('path') ?? '') : `//blendcache_${basename(blendFile).replace(/\.blend$/i, '')}`;
    if (stored === '') continue;
    const prefix = external && (cache.string('name') ?? '') === '' ? '' : cacheName(cache, ownerBlock.slice(2));
    result.push({ block: ownerBlock, folder: resolveBlendPath(stored, blendFile), prefix, index: cache.number('index') ?? -1, storedPath: stored, wholeFolder: false });
  }
  return result;
}

function cacheList(owner: StructView | undefined, listField: string, pointerField: string): StructView[] {
  if (owner === undefined) return [];
  const listed = owner.has(listField) ? owner.list(listField, 'PointCache') : [];
  if (listed.length > 0) return listed;
  const single = owner.deref(pointerField);
  return single === undefined ? [] : [single];
}

function objectFound(view: StructView, blendFile: string): { found: Found[]; caches: FoundCache[] } {
  const block = idName(view);
  const found: Found[] = [];
  const caches: FoundCache[] = [];
  for (const modifier of view.list('modifiers')) {
    switch (modifier.struct.name) {
      case 'ClothModifierData':
        caches.push(...pointCaches(cacheList(modifier, 'ptcaches', 'point_cache'), block, blendFile));
        break;
      case 'FluidModifierData': {
        const domain = modifier.deref('domain');
        const directory = domain?.string('cache_directory') ?? '';
        if (((modifier.number('type') ?? 0) & fluidTypeDomain) !== 0 && directory !== '') {
          found.push({ kind: 'fluid-cache', block, storedPath: directory, packed: false, expand: { how: 'directory' } });
        }
        break;
      }
      case 'SmokeModifierData':
        caches.push(...pointCaches(cacheList(modifier.deref('domain'), 'ptcaches', 'point_cache'), block, blendFile));
        break;
      case 'FluidsimModifierData': {
        const settings = modifier.deref('fss');
        const directory = settings?.string('surfdataPath') ?? '';
        if (directory !== '') found.push({ kind: 'fluid-cache', block, storedPath: directory, packed: false, expand: { how: 'directory' } });
        break;
      }
      case 'OceanModifierData': {
        const directory = modifier.string('cachepath') ?? '';
        if (directory !== '') found.push({ kind: 'ocean-cache', block, storedPath: directory, packed: false, expand: { how: 'directory' } });
        break;
      }
      case 'MeshCacheModifierData': {
        const file = modifier.string('filepath') ?? '';
        if (file !== '') found.push({ kind: 'mesh-cache', block, storedPath: file, packed: false, expand: { how: 'file' } });
        break;
      }
      case 'DynamicPaintModifierData':
        for (const surface of modifier.deref('canvas')?.list('surfaces') ?? []) {
          caches.push(...pointCaches(cacheList(surface, 'ptcaches', 'pointcache'), block, blendFile));
        }
        break;
      default:
        break;
    }
  }
  const soft = view.deref('soft');
  if (soft !== undefined) {
    const shared = soft.deref('shared');
    caches.push(...pointCaches(shared !== undefined ? cacheList(shared, 'ptcaches', 'pointcache') : cacheList(soft, 'ptcaches', 'pointcache'), block, blendFile));
  }
  for (const system of view.list('particlesystem')) {
    caches.push(...pointCaches(cacheList(system, 'ptcaches', 'pointcache'), block, blendFile));
  }
  return { found, caches };
}

function meshFound(view: StructView): Found[] {
  const corner = view.has('ldata') ? view.sub('ldata') : view.sub('corner_data');
  const external = corner?.deref('external');
  const stored = external?.string('filepath') ?? external?.string('filename') ?? '';
  if (stored === '') return [];
  return [{ kind: 'multires-external', block: idName(view), storedPath: stored, packed: false, expand: { how: 'file' } }];
}

/** Node storage modes meaning "read from a file" (`NODE_SCRIPT_EXTERNAL`, `NODE_IES_EXTERNAL`). */
const nodeExternalMode = 1;

/**
 * External OSL scripts and IES profiles of a node tree (Blender's node_foreach_path). Nodes
 * are recognised by their `idname`, which is stable across versions unlike the type numbers.
 */
function nodeFound(tree: StructView | undefined, block: string): Found[] {
  if (tree === undefined) return [];
  const found: Found[] = [];
  for (const node of tree.list('nodes')) {
    const idname = node.string('idname');
    const kind: DependencyKind | undefined = idname === 'ShaderNodeScript' ? 'shader-script' : idname === 'ShaderNodeTexIES' ? 'ies-profile' : undefined;
    if (kind === undefined) continue;
    const storage = node.pointer('storage');
    const typed = storage === undefined ? undefined : node.file.deref(storage, kind === 'shader-script' ? 'NodeShaderScript' : 'NodeShaderTexIES');
    if (typed === undefined || typed.number('mode') !== nodeExternalMode) continue;
    const stored = typed.string('filepath') ?? '';
    if (stored !== '') found.push({ kind, block, storedPath: stored, packed: false, expand: { how: 'file' } });
  }
  return found;
}

/** Paths held by one local data-block, by its code. */
function foundInId(file: BlendFile, block: BlendBlock): { found: Found[]; caches: FoundCache[] } {
  const view = file.view(block);
  const none = { found: [], caches: [] };
  if (view === undefined) return none;
  const nodes = block.code === 'NT' ? nodeFound(view, idName(view)) : view.has('nodetree') ? nodeFound(view.deref('nodetree'), idName(view)) : [];
  const own = foundByCode(file, block, view);
  return nodes.length === 0 ? own : { found: [...own.found, ...nodes], caches: own.caches };
}

function foundByCode(file: BlendFile, block: BlendBlock, view: StructView): { found: Found[]; caches: FoundCache[] } {
  const none = { found: [], caches: [] };
  switch (block.code) {
    case 'IM':
      return { found: imageFound(view), caches: [] };
    case 'MC':
      return { found: simpleFound(view, 'movie-clip', (view.number('source') ?? 0) === movieClipSequence), caches: [] };
    case 'SO':
      return { found: simpleFound(view, 'sound', false), caches: [] };
    case 'VF': {
      const stored = pathOf(view);
      // The built-in font has no file (Blender's BKE_vfont_is_builtin).
      return stored === '<builtin>' ? none : { found: simpleFound(view, 'font', false), caches: [] };
    }
    case 'TX':
      return { found: textFound(view), caches: [] };
    case 'VO':
      return { found: simpleFound(view, 'volume', (view.number('is_sequence') ?? 0) !== 0), caches: [] };
    case 'CF':
      return { found: simpleFound(view, 'cache-file', (view.number('is_sequence') ?? 0) !== 0), caches: [] };
    case 'OB':
      return objectFound(view, file.path);
    case 'ME':
      return { found: meshFound(view), caches: [] };
    case 'SC':
      return { found: stripFound(view), caches: [] };
    default:
      return none;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Collects dependencies with one directory cache and no duplicates. */
class Collector {
  readonly dependencies: Dependency[] = [];
  private readonly keys = new Set<string>();
  readonly directories = new DirectoryCache();

  constructor(
    private readonly projectRoot: string | undefined,
    private readonly includePacked: boolean,
  ) {}

  async add(found: Found, fromFile: string): Promise<void> {
    if (found.packed && !this.includePacked) return;
    const absolute = resolveBlendPath(found.storedPath, fromFile);
    let files: readonly string[];
    switch (found.expand.how) {
      case 'file':
        files = [absolute];
        break;
      case 'sequence':
        files = await expandSequence(absolute, this.directories);
        break;
      case 'tiles':
        files = expandTiles(absolute, found.expand.tiles);
        break;
      case 'directory':
        files = await expandDirectory(absolute);
        break;
    }
    for (const file of files) await this.push(found.kind, found.block, found.storedPath, file, fromFile, found.packed);
  }

  async addCache(cache: FoundCache, fromFile: string): Promise<void> {
    if (cache.wholeFolder) {
      for (const file of await expandDirectory(cache.folder)) await this.push('point-cache', cache.block, cache.storedPath, file, fromFile, false);
      return;
    }
    const names = (await this.directories.list(cache.folder)) ?? [];
    const index = cache.index >= 0 ? `_${String(cache.index).padStart(2, '0')}` : '(?:_\\d{2})?';
    const prefix = cache.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^${prefix}_\\d{6}${index}\\.(?:bphys|vdb)$`);
    for (const name of names) {
      if (pattern.test(name)) await this.push('point-cache', cache.block, cache.storedPath, join(cache.folder, name), fromFile, false);
    }
  }

  async push(kind: DependencyKind, block: string, storedPath: string, absolutePath: string, fromFile: string, packed: boolean): Promise<void> {
    const key = `${kind}\0${block}\0${absolutePath}\0${fromFile}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.dependencies.push({
      kind,
      block,
      storedPath,
      absolutePath,
      exists: await exists(absolutePath),
      insideProject: this.projectRoot === undefined ? false : isInside(absolutePath, this.projectRoot),
      fromFile,
      packed,
    });
  }
}

/** Data-blocks whose paths the tracer reads (plus the library placeholders). */
const tracedCodes = new Set(['IM', 'MC', 'SO', 'VF', 'TX', 'VO', 'CF', 'OB', 'ME', 'SC', 'LI', 'ID', 'GLOB', 'NT', 'MA', 'WO', 'LA', 'TE', 'LS']);

/**
 * What to keep while streaming a compressed file: `DATA` of meshes only when small (pointer
 * arrays, external-data headers: not geometry), other `DATA` up to 1 MiB (packed file contents
 * are larger and never needed), sequencer data whole (strip element arrays grow with frames).
 */
function keepDataOf(block: BlendBlock, owner: string | undefined): boolean {
  if (block.code !== 'DATA') return true;
  if (owner === 'SC') return true;
  if (owner === 'ME') return block.size <= 4096;
  return block.size <= 1 << 20;
}

function keepForOpenedFile(block: BlendBlock, owner: string | undefined): boolean {
  const code = block.code === 'DATA' ? owner : block.code;
  return code !== undefined && tracedCodes.has(code) && keepDataOf(block, owner);
}

function keepForLibrary(block: BlendBlock, owner: string | undefined): boolean {
  return keepDataOf(block, owner);
}

/** Which data-blocks of a file to trace: all local ones (the opened file) or those named (a library). */
type Wanted = { readonly all: true } | { readonly all: false; readonly names: ReadonlySet<string> };

/**
 * Lists every external file a .blend needs, natively (no Blender): images (with sequences and
 * UDIM tiles expanded to files), movie clips, sounds, sequencer strips, fonts, external texts,
 * volumes, Alembic/USD caches, point caches on disk, fluid/ocean cache folders, mesh caches,
 * multires external data and linked libraries. With `recursive` (default) it follows each
 * library into the data-blocks the opened file links from it, as Blender does when loading,
 * resolving `//` paths against the library that holds them; cycles between libraries end.
 *
 * Packed references are left out unless `includePacked` (this matches Blender's
 * `bpy.utils.blend_paths(packed=False)`). Point caches are matched by Blender's file naming
 * (`<name or hex of object name>_<frame>_<index>.bphys`); Blender's own `blend_paths` does not
 * list them, but a render farm needs them.
 *
 * Throws `file-missing`, `blend-invalid` or `blend-unsupported` for the opened file; a library
 * that is missing or unreadable is reported (exists false) and not descended into.
 */
export async function traceDependencies(blendPath: string, options: TraceOptions = {}): Promise<readonly Dependency[]> {
  const root = resolve(blendPath);
  const collector = new Collector(options.projectRoot === undefined ? undefined : resolve(options.projectRoot), options.includePacked ?? false);
  const recursive = options.recursive ?? true;
  const requested = new Map<string, Set<string>>();
  const queue: { path: string; wanted: Wanted }[] = [{ path: root, wanted: { all: true } }];

  while (queue.length > 0) {
    const task = queue.shift();
    if (task === undefined) break;
    let file: BlendFile;
    try {
      file = await openBlendFile(task.path, { keepBody: task.wanted.all ? keepForOpenedFile : keepForLibrary });
    } catch (error) {
      if (task.path === root) throw error;
      if (error instanceof CoreError) continue;
      throw error;
    }
    try {
      const { ids, libraries } = selectBlocks(file, task.wanted);
      for (const block of ids) {
        const { found, caches } = foundInId(file, block);
        for (const item of found) await collector.add(item, file.path);
        for (const cache of caches) await collector.addCache(cache, file.path);
      }
      for (const [library, names] of libraries) {
        const view = file.view(library);
        if (view === undefined) continue;
        const stored = libraryPath(view);
        if (stored === '') continue;
        const found: Found = { kind: 'library', block: idName(view), storedPath: stored, packed: isPacked(view), expand: { how: 'file' } };
        await collector.add(found, file.path);
        if (!recursive || found.packed) continue;
        const target = resolveBlendPath(stored, file.path);
        let already = requested.get(target);
        if (already === undefined) {
          already = new Set();
          requested.set(target, already);
        }
        const fresh = new Set([...names].filter((name) => !already.has(name)));
        for (const name of fresh) already.add(name);
        if (fresh.size > 0 && target !== root) queue.push({ path: target, wanted: { all: false, names: fresh } });
      }
    } finally {
      await file.close();
    }
  }
  return collector.dependencies;
}

/**
 * The local data-blocks to trace in a file and, per Library block, the names of the
 * data-blocks linked from it (the link placeholders, code `ID`, that point at it).
 */
function selectBlocks(file: BlendFile, wanted: Wanted): { ids: BlendBlock[]; libraries: Map<BlendBlock, Set<string>> } {
  const libraryOf = (block: BlendBlock, previousLibrary: BlendBlock | undefined): BlendBlock | undefined => {
    const view = file.view(block);
    const address = view?.pointer('id.lib') ?? view?.pointer('lib');
    const target = address === undefined ? undefined : file.blockAt(address);
    return target?.code === 'LI' ? target : previousLibrary;
  };
  let ids: BlendBlock[];
  if (wanted.all) {
    ids = file.blocks.filter((block) => isIdBlock(block) && block.code !== 'ID' && block.code !== 'LI');
  } else {
    const start = file.blocks.filter((block) => {
      if (!isIdBlock(block) || block.code === 'LI') return false;
      const view = file.view(block);
      return wanted.names.has(view?.string('id.name') ?? view?.string('name') ?? '');
    });
    ids = reachableIds(file, start).filter((block) => block.code !== 'LI');
  }
  const libraries = new Map<BlendBlock, Set<string>>();
  if (wanted.all) for (const block of file.blocksWithCode('LI')) libraries.set(block, new Set());
  // Placeholders follow their Library block in the file; the ID's own `lib` pointer says it too.
  const placeholders = new Set(ids.filter((block) => block.code === 'ID').map((block) => block.index));
  let currentLibrary: BlendBlock | undefined;
  for (const block of file.blocks) {
    if (block.code === 'LI') currentLibrary = block;
    if (block.code !== 'ID') continue;
    if (!wanted.all && !placeholders.has(block.index)) continue;
    const library = libraryOf(block, currentLibrary);
    if (library === undefined) continue;
    const name = file.view(block)?.string('name') ?? '';
    let names = libraries.get(library);
    if (names === undefined) {
      names = new Set();
      libraries.set(library, names);
    }
    if (name !== '') names.add(name);
  }
  return { ids: ids.filter((block) => block.code !== 'ID'), libraries };
}

