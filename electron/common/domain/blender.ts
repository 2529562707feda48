/**
 * Blender installs found on this machine, and what a headless Blender run learned about a
 * .blend file (scene facts and the evaluated job-type settings).
 */

/** The operating systems discovery knows, named like Node's `process.platform`. */
export type BlenderPlatform = 'linux' | 'darwin' | 'win32';

/** Where an install was found; the order of this list is the order of preference for equal versions. */
export const blenderInstallSources = [
  'user',
  'path',
  'system',
  'application',
  'blender-launcher',
  'steam',
  'snap',
  'flatpak',
] as const;

/** One of {@link blenderInstallSources}. */
export type BlenderInstallSource = (typeof blenderInstallSources)[number];

/** A Blender version as `blender --version` prints it. */
export type BlenderVersion = {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The text after "Blender ", e.g. `3.4.1` or `4.2.0 Alpha`. */
  readonly text: string;
  /** `build hash:` line; missing in distribution builds (Debian prints only the first line). */
  readonly hash?: string;
  /** `build date:` line. */
  readonly buildDate?: string;
};

/** A Blender executable and, when it answered, its version. */
export type BlenderInstall = {
  readonly executable: string;
  readonly source: BlenderInstallSource;
  /** Null when `--version` failed; `problem` then says why. */
  readonly version: BlenderVersion | null;
  readonly problem?: string;
};

/** The install to use for a farm, and a warning when its version does not match the farm's. */
export type BlenderChoice = {
  readonly install: BlenderInstall;
  readonly warning?: string;
};

/** A JSON value as an `eval` expression may produce it. */
export type SettingValue = string | number | boolean | null | readonly SettingValue[] | { readonly [key: string]: SettingValue };

/**
 * The outcome for one job-type setting after a headless run.
 * `eval`: the setting's `eval` expression gave the value; `given`: the caller supplied it;
 * `default`: the job type's default; `empty`: no eval, no default (the zero value of its type,
 * which is what the Blender add-on's property would hold).
 */
export type SettingEvaluation =
  | { readonly key: string; readonly outcome: 'value'; readonly source: 'eval' | 'given' | 'default' | 'empty'; readonly value: SettingValue }
  | { readonly key: string; readonly outcome: 'error'; readonly error: string };

/** A view layer and whether it renders. */
export type IntrospectedViewLayer = { readonly name: string; readonly use: boolean };

/** What headless Blender reports about one scene. */
export type IntrospectedScene = {
  readonly name: string;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly frameStep: number;
  /** `render.fps / render.fps_base`, as the simple-blender-render job type computes it. */
  readonly fps: number;
  /** `render.fps_base` (1.001 for NTSC rates). */
  readonly fpsBase: number;
  /** `render.filepath` as stored (may be blendfile-relative, `//...`). */
  readonly outputPath: string;
  /** `render.image_settings.file_format`, e.g. `PNG`, `OPEN_EXR`, `FFMPEG`. */
  readonly fileFormat: string;
  /** `render.file_extension`, e.g. `.png`. */
  readonly fileExtension: string;
  /** `render.image_settings.use_preview`. */
  readonly usePreview: boolean;
  /** `render.engine`, e.g. `CYCLES`, `BLENDER_EEVEE`. */
  readonly engine: string;
  readonly resolution: { readonly x: number; readonly y: number; readonly percentage: number };
  /** Name of the scene camera, null when there is none. */
  readonly camera: string | null;
  /** Names of the camera objects linked in this scene. */
  readonly cameras: readonly string[];
  readonly viewLayers: readonly IntrospectedViewLayer[];
};

/** A linked library of the file. */
export type IntrospectedLibrary = {
  readonly name: string;
  /** As stored in the file (often `//relative`). */
  readonly filepath: string;
  readonly absolutePath: string;
};

/** Everything one headless Blender run reports about a .blend file. */
export type BlendIntrospection = {
  /** Absolute path Blender opened. */
  readonly file: string;
  /** Version of the Blender that ran, e.g. `3.4.1`. */
  readonly blenderVersion: string;
  /** Version of Blender that saved the file, `major.minor` (e.g. `3.4`; `bpy.data.version`). */
  readonly fileVersion: string;
  /** The file's subversion within that release (not the patch number). */
  readonly fileSubversion: number;
  readonly activeScene: string;
  readonly scenes: readonly IntrospectedScene[];
  /** `bpy.utils.blend_paths(absolute=True)`: every external path the file uses. */
  readonly blendPaths: readonly string[];
  readonly libraries: readonly IntrospectedLibrary[];
  /** Present when a job type was given, one entry per setting in the job type's order. */
  readonly settings?: readonly SettingEvaluation[];
};
