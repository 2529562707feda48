import { createHash } from 'node:crypto';

/**
 * One job type setting as it travels on the wire. Declared here rather than taken from the
 * generated types: openapi-typescript marks `required`/`editable` as mandatory because the
 * spec gives them defaults, but the Manager omits them when the script does.
 */
export type AvailableJobSetting = {
  readonly key: string;
  readonly type: 'string' | 'int32' | 'float' | 'bool';
  readonly subtype?: 'file_path' | 'dir_path' | 'file_name' | 'hashed_file_path';
  readonly choices?: readonly string[];
  readonly propargs?: Readonly<Record<string, unknown>>;
  readonly description?: string;
  readonly label?: string;
  readonly default?: unknown;
  readonly eval?: string;
  readonly evalInfo?: { readonly showLinkButton: boolean; readonly description: string };
  readonly visible?: 'visible' | 'hidden' | 'submission' | 'web';
  readonly required?: boolean;
  readonly editable?: boolean;
};

/** A job type as `GET /api/v3/jobs/types` lists it. */
export type AvailableJobType = {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly etag: string;
  readonly settings: readonly AvailableJobSetting[];
};
/** A job type before the Manager names it and computes its etag. */
export type JobTypeDefinition = Omit<AvailableJobType, 'etag' | 'name'>;

/**
 * The settings of Flamenco 3.9's `simple-blender-render`
 * (internal/manager/job_compilers/scripts/simple_blender_render.js), in the same order.
 */
export const simpleBlenderRenderDefinition: JobTypeDefinition = {
  label: 'Simple Blender Render',
  description: 'Render a sequence of frames, and create a preview video file',
  settings: [
    {
      key: 'frames',
      type: 'string',
      required: true,
      eval: "f'{C.scene.frame_start}-{C.scene.frame_end}'",
      evalInfo: { showLinkButton: true, description: 'Scene frame range' },
      description: "Frame range to render. Examples: '47', '1-30', '3, 5-10, 47-327'",
    },
    { key: 'chunk_size', type: 'int32', default: 1, description: 'Number of frames to render in one Blender render task', visible: 'submission' },
    {
      key: 'render_output_root',
      type: 'string',
      subtype: 'dir_path',
      required: true,
      visible: 'submission',
      description: 'Base directory of where render output is stored. Will have some job-specific parts appended to it',
    },
    {
      key: 'add_path_components',
      type: 'int32',
      required: true,
      default: 0,
      propargs: { min: 0, max: 32 },
      visible: 'submission',
      description: 'Number of path components of the current blend file to use in the render output path',
    },
    {
      key: 'render_output_path',
      type: 'string',
      subtype: 'file_path',
      editable: false,
      eval: "str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
      description: 'Final file path of where render output will be saved',
    },
    { key: 'blendfile', type: 'string', required: true, description: 'Path of the Blend file to render', visible: 'web' },
    { key: 'fps', type: 'float', eval: 'C.scene.render.fps / C.scene.render.fps_base', visible: 'hidden' },
    { key: 'format', type: 'string', required: true, eval: 'C.scene.render.image_settings.file_format', visible: 'web' },
    {
      key: 'image_file_extension',
      type: 'string',
      required: true,
      eval: 'C.scene.render.file_extension',
      visible: 'hidden',
      description: 'File extension used when rendering images',
    },
    {
      key: 'has_previews',
      type: 'bool',
      required: false,
      eval: 'C.scene.render.image_settings.use_preview',
      visible: 'hidden',
      description: 'Whether Blender will render preview images.',
    },
    { key: 'scene', type: 'string', required: true, eval: 'C.scene.name', visible: 'web', description: 'Name of the scene to render.' },
  ],
};

/**
 * `echo-sleep-test` as Flamenco's own test scripts define it
 * (job_compilers/scripts-for-unittest/echo_and_sleep.js). Note: a stock 3.9 Manager only
 * embeds `simple-blender-render`; this type exists on Managers with the test script
 * installed, and is the cheapest job to compile in tests.
 */
export const echoSleepTestDefinition: JobTypeDefinition = {
  label: 'Echo Sleep Test',
  settings: [
    { key: 'message', type: 'string', required: true },
    { key: 'sleep_duration_seconds', type: 'int32', default: 1 },
    { key: 'sleep_repeats', type: 'int32', default: 1 },
  ],
};

/**
 * Serialises like Go's encoding/json on the Manager's generated structs: struct fields are
 * declared in alphabetical order by oapi-codegen and maps are sorted, so sorting every
 * object's keys reproduces the bytes; `<`, `>` and `&` are escaped as Go does.
 */
function goJson(value: unknown): string {
  const sorted = (input: unknown): unknown => {
    if (Array.isArray(input)) return input.map(sorted);
    if (typeof input !== 'object' || input === null) return input;
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(input).sort()) {
      const entry = (input as Record<string, unknown>)[key];
      if (entry !== undefined) result[key] = sorted(entry);
    }
    return result;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The Manager's job type etag: SHA-1 (hex) of the job type's JSON with an empty etag
 * (job_compilers.go, getEtag). Any change to a setting changes it, which makes the Manager
 * answer 412 to submissions carrying the old etag.
 */
export function computeJobTypeEtag(name: string, definition: JobTypeDefinition): string {
  return createHash('sha1').update(goJson({ ...definition, name, etag: '' })).digest('hex');
}

/** Names a definition and computes its etag. */
export function toAvailableJobType(name: string, definition: JobTypeDefinition): AvailableJobType {
  return { ...definition, name, etag: computeJobTypeEtag(name, definition) };
}
