import type { SceneFacts, SceneSummary } from '../../../common/domain/scene-facts';
import { openBlendFile, type Address, type BlendFile, type StructView } from './blend-file';
import { versionText } from './header';

/** Blender's `R_IMF_IMTYPE_*` values to the RNA enum names shown in the UI and Python. */
const imageFormats: ReadonlyMap<number, string> = new Map([
  [0, 'TARGA'],
  [1, 'IRIS'],
  [4, 'JPEG'],
  [14, 'TARGA_RAW'],
  [15, 'AVI_RAW'],
  [16, 'AVI_JPEG'],
  [17, 'PNG'],
  [20, 'BMP'],
  [21, 'HDR'],
  [22, 'TIFF'],
  [23, 'OPEN_EXR'],
  [24, 'FFMPEG'],
  [26, 'CINEON'],
  [27, 'DPX'],
  [28, 'OPEN_EXR_MULTILAYER'],
  [29, 'DDS'],
  [30, 'JPEG2000'],
  [35, 'WEBP'],
]);

/**
 * The extension Blender's `render.file_extension` gives per image type (from
 * `BKE_image_path_ext_from_imformat`): movie types report `.png`, AVI types `.jpg`.
 */
function extensionFor(imtype: number, jp2Codec: number | undefined): string | undefined {
  switch (imtype) {
    case 1:
    case 7:
      return '.rgb';
    case 21:
      return '.hdr';
    case 17:
    case 24:
    case 31:
    case 32:
    case 33:
      return '.png';
    case 29:
      return '.dds';
    case 0:
    case 14:
      return '.tga';
    case 20:
      return '.bmp';
    case 22:
      return '.tif';
    case 34:
      return '.psd';
    case 23:
    case 28:
      return '.exr';
    case 26:
      return '.cin';
    case 27:
      return '.dpx';
    case 30:
      return jp2Codec === 1 ? '.j2c' : '.jp2';
    case 35:
      return '.webp';
    case 4:
    case 15:
    case 16:
      return '.jpg';
    default:
      return undefined;
  }
}

const cameraObjectType = 11;

/** Data-blocks scene facts read: scenes (with view layers, bases), the global block, objects and collections. */
const factCodes = new Set(['SC', 'GLOB', 'OB', 'GR']);

/** Blender 2.8 replaced the 2.7x engines; its versioning code opens such scenes with Eevee. */
function engineName(stored: string | undefined): string | undefined {
  return stored === 'BLENDER_RENDER' || stored === 'BLENDER_GAME' ? 'BLENDER_EEVEE' : stored;
}

/** `//` paths saved on Windows use backslashes; Blender shows them with `/` on other systems. */
function blendRelative(stored: string | undefined): string | undefined {
  return stored?.startsWith('//') === true ? stored.replaceAll('\\', '/') : stored;
}

function nameOf(view: StructView | undefined): string | undefined {
  const name = view?.string('id.name');
  return name === undefined ? undefined : name.slice(2);
}

/** Objects of a scene: its master collection tree (2.80+) or its `base` list (before 2.80). */
function sceneObjects(scene: StructView): StructView[] {
  const objects: StructView[] = [];
  const seenCollections = new Set<Address>();
  const seenObjects = new Set<Address>();
  const addObject = (object: StructView | undefined): void => {
    if (object === undefined || seenObjects.has(object.block.address)) return;
    seenObjects.add(object.block.address);
    objects.push(object);
  };
  const walk = (collection: StructView | undefined, depth: number): void => {
    if (collection === undefined || depth > 64 || seenCollections.has(collection.block.address)) return;
    seenCollections.add(collection.block.address);
    for (const link of collection.list('gobject')) addObject(link.deref('ob'));
    for (const child of collection.list('children')) walk(child.deref('collection'), depth + 1);
  };
  if (scene.has('master_collection')) walk(scene.deref('master_collection'), 0);
  for (const base of scene.list('base')) addObject(base.deref('object'));
  return objects;
}

function summarize(scene: StructView): SceneSummary {
  const render = scene.sub('r');
  const format = render?.sub('im_format');
  const imtype = format?.number('imtype');
  const fps = render?.number('frs_sec');
  const fpsBase = render?.number('frs_sec_base');
  const layers = scene.has('view_layers') ? scene.list('view_layers') : (render?.list('layers') ?? []);
  const cameras = sceneObjects(scene)
    .filter((object) => object.number('type') === cameraObjectType)
    .map((object) => nameOf(object) ?? '')
    .sort();
  return {
    name: nameOf(scene) ?? '',
    frameStart: render?.number('sfra'),
    frameEnd: render?.number('efra'),
    frameStep: render?.number('frame_step'),
    fps: fps === undefined || fpsBase === undefined || fpsBase === 0 ? undefined : fps / fpsBase,
    fpsBase,
    outputPath: blendRelative(render?.string('pic')),
    imageFormat: imtype === undefined ? undefined : imageFormats.get(imtype),
    fileExtension: imtype === undefined ? undefined : extensionFor(imtype, format?.number('jp2_codec')),
    engine: engineName(render?.string('engine')),
    resolutionX: render?.number('xsch'),
    resolutionY: render?.number('ysch'),
    resolutionPercentage: render?.number('size'),
    camera: nameOf(scene.deref('camera')),
    cameras,
    viewLayers: layers.map((layer) => layer.string('name') ?? ''),
  };
}

/** Scene facts of an already opened file (see {@link readSceneFacts}). */
export function sceneFactsOf(file: BlendFile): SceneFacts {
  const scenes = file.blocksWithCode('SC').flatMap((block) => {
    const view = file.view(block);
    return view === undefined ? [] : [summarize(view)];
  });
  const global = file.blocksWithCode('GLOB')[0];
  const globalView = global === undefined ? undefined : file.view(global);
  const current = globalView?.deref('curscene');
  return {
    blenderVersion: versionText(file.header.version),
    scenes,
    activeScene: nameOf(current) ?? scenes[0]?.name,
  };
}

/**
 * Reads scene names, the active scene and each scene's render settings natively (frame range,
 * fps, output path and format, engine, resolution, cameras, view layers). A field this reader
 * cannot find in the file's DNA is left undefined, so the caller can ask headless Blender.
 */
export async function readSceneFacts(blendPath: string): Promise<SceneFacts> {
  const file = await openBlendFile(blendPath, {
    keepBody: (block, owner) => factCodes.has(block.code === 'DATA' ? (owner ?? '') : block.code) && block.size <= 1 << 20,
  });
  try {
    return sceneFactsOf(file);
  } finally {
    await file.close();
  }
}
