/**
 * What kind of external file a .blend refers to. Mirrors the data-block kinds whose paths
 * Blender itself reports through `bpy.utils.blend_paths` (plus point caches on disk, which
 * Blender does not list but a render farm still needs).
 */
export type DependencyKind =
  | 'library'
  | 'image'
  | 'movie-clip'
  | 'sound'
  | 'sequencer-strip'
  | 'font'
  | 'text'
  | 'volume'
  | 'cache-file'
  | 'point-cache'
  | 'fluid-cache'
  | 'ocean-cache'
  | 'mesh-cache'
  | 'multires-external'
  | 'shader-script'
  | 'ies-profile';

/** Every {@link DependencyKind}, for exhaustive listings and validation. */
export const dependencyKinds: readonly DependencyKind[] = [
  'library',
  'image',
  'movie-clip',
  'sound',
  'sequencer-strip',
  'font',
  'text',
  'volume',
  'cache-file',
  'point-cache',
  'fluid-cache',
  'ocean-cache',
  'mesh-cache',
  'multires-external',
  'shader-script',
  'ies-profile',
];

/**
 * One external file that a .blend needs (one row per file on disk: sequences, UDIM tiles and
 * cache folders are expanded to the files they hold).
 */
export type Dependency = {
  readonly kind: DependencyKind;
  /** The data block that holds the path, with its two-letter code, e.g. `IMimage.png`. */
  readonly block: string;
  /** The path exactly as stored in the .blend (may start with `//`, may use backslashes). */
  readonly storedPath: string;
  /** The path made absolute and normalised for this machine. */
  readonly absolutePath: string;
  /** True when `absolutePath` exists on disk now. */
  readonly exists: boolean;
  /** True when `absolutePath` lies inside the project root given to the tracer (false without one). */
  readonly insideProject: boolean;
  /** Absolute path of the .blend whose block holds the reference. */
  readonly fromFile: string;
  /**
   * True when the data block also carries a packed copy. Packed data never needs the file, so
   * the tracer leaves such references out unless asked to include them (as Blender's
   * `blend_paths(packed=False)` does).
   */
  readonly packed: boolean;
};
