/**
 * Facts about a .blend that a native reader can give without starting Blender. A field left
 * `undefined` could not be read natively; the caller asks headless Blender for it.
 */
export type SceneFacts = {
  /** The Blender version that saved the file, e.g. `3.4` (from the file header). */
  readonly blenderVersion: string;
  /** Names of all scenes, in file order. */
  readonly scenes: readonly SceneSummary[];
  /** Name of the scene Blender opens with (the `curscene` of the file's global block). */
  readonly activeScene: string | undefined;
};

/** Render settings of one scene. */
export type SceneSummary = {
  readonly name: string;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly frameStep: number;
  /** Frames per second: `fps / fps_base`. */
  readonly fps: number;
  readonly fpsBase: number;
  /** The render output path as stored (RenderData.pic), may start with `//`. */
  readonly outputPath: string;
  /** Blender's enum name of the output format, e.g. `PNG`, `OPEN_EXR`, `FFMPEG`; undefined if unknown. */
  readonly imageFormat: string | undefined;
  /** Extension Blender appends for the format (e.g. `.png`); undefined for movies or unknown formats. */
  readonly fileExtension: string | undefined;
  /** Render engine id, e.g. `CYCLES`, `BLENDER_EEVEE`. */
  readonly engine: string;
  readonly resolutionX: number;
  readonly resolutionY: number;
  readonly resolutionPercentage: number;
  /** Name of the scene camera object, if set. */
  readonly camera: string | undefined;
  /** Names of all camera objects linked into this scene's collections. */
  readonly cameras: readonly string[];
  /** View layer names, in order. */
  readonly viewLayers: readonly string[];
};
