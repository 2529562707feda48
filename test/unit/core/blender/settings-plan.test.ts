import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvaluableSetting } from '../../../../electron/core/blender/settings-plan';
import { coerceDefault, orderByDependencies, planSettings, settingReferences } from '../../../../electron/core/blender/settings-plan';

const simpleBlenderRender = JSON.parse(readFileSync(new URL('../../../fixtures/job-types/simple-blender-render.json', import.meta.url), 'utf8')) as {
  settings: EvaluableSetting[];
};

describe('settingReferences', () => {
  it('lists each settings.X name once', () => {
    expect(settingReferences("str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings .add_path_components), settings.render_output_root))")).toEqual([
      'render_output_root',
      'add_path_components',
    ]);
  });

  it('ignores names that merely end in "settings"', () => {
    expect(settingReferences('C.scene.render.image_settings.file_format')).toEqual([]);
  });
});

describe('orderByDependencies', () => {
  it('puts every key after the keys it reads, keeping the given order otherwise', () => {
    const dependencies = new Map<string, readonly string[]>([
      ['path', ['root', 'name']],
      ['name', []],
      ['root', ['name']],
      ['other', []],
    ]);
    expect(orderByDependencies(dependencies)).toEqual({ order: ['name', 'root', 'path', 'other'], cycles: new Map() });
  });

  it('reports cycles with their path and keeps keys that only depend on a cycle', () => {
    const dependencies = new Map<string, readonly string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['self', ['self']],
      ['reader', ['a']],
      ['free', []],
    ]);
    expect(orderByDependencies(dependencies)).toEqual({
      order: ['reader', 'free'],
      cycles: new Map([
        ['a', ['a', 'b', 'c', 'a']],
        ['b', ['b', 'c', 'a', 'b']],
        ['c', ['c', 'a', 'b', 'c']],
        ['self', ['self', 'self']],
      ]),
    });
  });
});

describe('coerceDefault', () => {
  it('coerces like the add-on does with int, float, bool and str', () => {
    expect([
      coerceDefault('int32', 2.7),
      coerceDefault('int32', '12'),
      coerceDefault('int32', 'twelve'),
      coerceDefault('float', 3),
      coerceDefault('bool', ''),
      coerceDefault('bool', 'no'),
      coerceDefault('string', 5),
      coerceDefault('string', true),
    ]).toEqual([2, 12, undefined, 3, false, true, '5', 'True']);
  });
});

describe('planSettings', () => {
  it('keeps given values, takes defaults, and evaluates the rest of simple-blender-render in list order', () => {
    expect(planSettings(simpleBlenderRender.settings, { render_output_root: '/render', add_path_components: 1, frames: '1-10' })).toEqual({
      steps: [
        { key: 'frames', action: 'given', value: '1-10' },
        { key: 'chunk_size', action: 'default', value: 1 },
        { key: 'render_output_root', action: 'given', value: '/render' },
        { key: 'add_path_components', action: 'given', value: 1 },
        { key: 'blendfile', action: 'empty', value: '' },
        {
          key: 'render_output_path',
          action: 'eval',
          expression: "str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
        },
        { key: 'fps', action: 'eval', expression: 'C.scene.render.fps / C.scene.render.fps_base' },
        { key: 'format', action: 'eval', expression: 'C.scene.render.image_settings.file_format' },
        { key: 'image_file_extension', action: 'eval', expression: 'C.scene.render.file_extension' },
        { key: 'has_previews', action: 'eval', expression: 'C.scene.render.image_settings.use_preview' },
        { key: 'scene', action: 'eval', expression: 'C.scene.name' },
      ],
      order: simpleBlenderRender.settings.map((setting) => setting.key),
    });
  });

  it('always evaluates a non-editable setting with an eval, even when a value is given', () => {
    const settings: EvaluableSetting[] = [{ key: 'path', type: 'string', editable: false, eval: "'computed'" }];
    expect(planSettings(settings, { path: 'typed by hand' }).steps).toEqual([{ key: 'path', action: 'eval', expression: "'computed'" }]);
  });

  it('orders evals after the evals they read and fails cycles', () => {
    const settings: EvaluableSetting[] = [
      { key: 'full', type: 'string', eval: "settings.base + '/' + settings.leaf" },
      { key: 'leaf', type: 'string', eval: 'settings.base.upper()' },
      { key: 'base', type: 'string', eval: "'root'" },
      { key: 'ping', type: 'string', eval: 'settings.pong' },
      { key: 'pong', type: 'string', eval: 'settings.ping' },
      { key: 'count', type: 'int32', default: '3' },
      { key: 'broken_default', type: 'int32', default: 'many' },
    ];
    expect(planSettings(settings).steps).toEqual([
      { key: 'count', action: 'default', value: 3 },
      { key: 'broken_default', action: 'fail', error: 'default "many" is not a valid int32' },
      { key: 'ping', action: 'fail', error: 'circular reference between settings: ping -> pong -> ping' },
      { key: 'pong', action: 'fail', error: 'circular reference between settings: pong -> ping -> pong' },
      { key: 'base', action: 'eval', expression: "'root'" },
      { key: 'leaf', action: 'eval', expression: 'settings.base.upper()' },
      { key: 'full', action: 'eval', expression: "settings.base + '/' + settings.leaf" },
    ]);
  });
});
