import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobTypeSpec } from '../../electron/common/domain/job-settings';

/**
 * simple-blender-render as Flamenco 3.9 defines it (job_compilers/scripts/simple_blender_render.js,
 * copied setting for setting into the fixture).
 */
export const simpleBlenderRender = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/job-types/simple-blender-render.json'), 'utf8')) as JobTypeSpec;

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
