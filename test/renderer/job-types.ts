import type { JobTypeSpec } from '../../electron/common/domain/job-settings';

/**
 * simple-blender-render as Flamenco 3.9 defines it (job_compilers/scripts/simple_blender_render.js),
 * setting for setting; the same as test/fixtures/job-types/simple-blender-render.json, written
 * out because renderer tests run without Node's file system.
 */
export const simpleBlenderRender: JobTypeSpec = {
  name: 'simple-blender-render',
  label: 'Simple Blender Render',
  description: 'Render a sequence of frames, and create a preview video file',
  etag: 'fixture-simple-blender-render-1',
  settings: [
    {
      key: 'frames',
      type: 'string',
      required: true,
      eval: "f'{C.scene.frame_start}-{C.scene.frame_end}'",
      evalInfo: {
        showLinkButton: true,
        description: 'Scene frame range'
      },
      description: "Frame range to render. Examples: '47', '1-30', '3, 5-10, 47-327'"
    },
    {
      key: 'chunk_size',
      type: 'int32',
      default: 1,
      description: 'Number of frames to render in one Blender render task',
      visible: 'submission'
    },
    {
      key: 'render_output_root',
      type: 'string',
      subtype: 'dir_path',
      required: true,
      visible: 'submission',
      description: 'Base directory of where render output is stored. Will have some job-specific parts appended to it'
    },
    {
      key: 'add_path_components',
      type: 'int32',
      required: true,
      default: 0,
      propargs: {
        min: 0,
        max: 32
      },
      visible: 'submission',
      description: 'Number of path components of the current blend file to use in the render output path'
    },
    {
      key: 'render_output_path',
      type: 'string',
      subtype: 'file_path',
      editable: false,
      eval: "str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
      description: 'Final file path of where render output will be saved'
    },
    {
      key: 'blendfile',
      type: 'string',
      required: true,
      description: 'Path of the Blend file to render',
      visible: 'web'
    },
    {
      key: 'fps',
      type: 'float',
      eval: 'C.scene.render.fps / C.scene.render.fps_base',
      visible: 'hidden'
    },
    {
      key: 'format',
      type: 'string',
      required: true,
      eval: 'C.scene.render.image_settings.file_format',
      visible: 'web'
    },
    {
      key: 'image_file_extension',
      type: 'string',
      required: true,
      eval: 'C.scene.render.file_extension',
      visible: 'hidden',
      description: 'File extension used when rendering images'
    },
    {
      key: 'has_previews',
      type: 'bool',
      required: false,
      eval: 'C.scene.render.image_settings.use_preview',
      visible: 'hidden',
      description: 'Whether Blender will render preview images.'
    },
    {
      key: 'scene',
      type: 'string',
      required: true,
      eval: 'C.scene.name',
      visible: 'web',
      description: 'Name of the scene to render.'
    }
  ]
};

/** echo-sleep-test as Flamenco 3.9 defines it (job_compilers/scripts/echo_sleep_test.js). */
export const echoSleepTest: JobTypeSpec = {
  name: 'echo-sleep-test',
  label: 'Echo Sleep Test',
  etag: 'echo-etag',
  settings: [
    { key: 'message', type: 'string', required: true },
    { key: 'sleep_duration_seconds', type: 'int32', default: 1 },
    { key: 'sleep_repeats', type: 'int32', default: 1 },
  ],
};

/** A site's own job type with every setting shape the form must handle. */
export const everyShape: JobTypeSpec = {
  name: 'studio-everything',
  label: 'Studio: every shape',
  etag: 'custom-etag',
  description: 'A custom job type',
  settings: [
    { key: 'title', type: 'string', label: 'Shot title', description: 'Shown on the slate', required: true },
    { key: 'quality', type: 'string', choices: ['draft', 'final'], default: 'draft' },
    { key: 'samples', type: 'int32', default: 64, propargs: { min: 1, max: 4096 } },
    { key: 'exposure', type: 'float', default: 0.5, propargs: { min: -10, max: 10, step: 0.1 } },
    { key: 'denoise', type: 'bool', default: true },
    { key: 'lut_file', type: 'string', subtype: 'file_path' },
    { key: 'cache_dir', type: 'string', subtype: 'dir_path', visible: 'submission' },
    { key: 'slate_name', type: 'string', subtype: 'file_name' },
    { key: 'asset', type: 'string', subtype: 'hashed_file_path' },
    { key: 'camera', type: 'string', eval: 'C.scene.camera.name', evalInfo: { showLinkButton: true, description: 'Scene camera' } },
    { key: 'computed_path', type: 'string', editable: false, eval: "settings.cache_dir + '/x'" },
    { key: 'secret_hidden', type: 'string', visible: 'hidden', default: 'h' },
    { key: 'web_only', type: 'string', visible: 'web' },
    { key: 'shown_visible', type: 'string', visible: 'visible' },
  ],
};
