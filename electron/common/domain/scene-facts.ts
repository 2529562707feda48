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

/** Render settings of one scene; a field is undefined when this file version does not store it where the reader looks. */
export type SceneSummary = {
  readonly name: string;
  readonly frameStart: number | undefined;
  readonly frameEnd: number | undefined;
  readonly frameStep: number | undefined;
  /** Frames per second: `fps / fps_base` (Blender's `frs_sec / frs_sec_base`). */
  readonly fps: number | undefined;
  readonly fpsBase: number | undefined;
  /** The render output path as stored (RenderData.pic), may start with `//`. */
  readonly outputPath: string | undefined;
  /** Blender's enum name of the output format, e.g. `PNG`, `OPEN_EXR`, `FFMPEG`; undefined if unknown. */
  readonly imageFormat: string | undefined;
  /** Extension Blender appends for the format (e.g. `.png`); undefined for movies or unknown formats. */
  readonly fileExtension: string | undefined;
  /** Render engine id, e.g. `CYCLES`, `BLENDER_EEVEE`. */
  readonly engine: string | undefined;
  readonly resolutionX: number | undefined;
  readonly resolutionY: number | undefined;
  readonly resolutionPercentage: number | undefined;
  /** Name of the scene camera object, if set. */
  readonly camera: string | undefined;
  /** Names of all camera objects linked into this scene's collections. */
  readonly cameras: readonly string[];
  /** View layer names, in order. */
  readonly viewLayers: readonly string[];
};
