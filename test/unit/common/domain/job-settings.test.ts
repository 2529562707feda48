import { describe, expect, it } from 'vitest';
import type { JobTypeSpec } from '../../../../electron/common/domain/job-settings';
import {
  coerceSettingText,
  describeJobTypeChanges,
  diffJobTypes,
  formatFrameRange,
  parseFrameRange,
  scoutFrames,
  validateJobSettings,
} from '../../../../electron/common/domain/job-settings';

describe('parseFrameRange', () => {
  it('accepts the notations the Manager frame chunker accepts', () => {
    const accepted = ['47', '1-30', '3, 5-10, 47-327', '1..10', ' 7 ', '1-3,2-5', '10-12,1-2', '+4'].map((text) => {
      const parsed = parseFrameRange(text);
      return parsed.ok ? [formatFrameRange(parsed.range), parsed.range.frameCount] : parsed.message;
    });
    expect(accepted).toEqual([
      ['47', 1],
      ['1-30', 30],
      ['3,5-10,47-327', 288],
      ['1-10', 10],
      ['7', 1],
      ['1-5', 5],
      ['1-2,10-12', 5],
      ['4', 1],
    ]);
  });

  it('rejects steps, negative frames, words and empty ranges like the Manager does', () => {
    const rejected = ['1-10x2', '-5', 'a-b', '', '  ', '1-2-3', '10-1', '1,,2'].map((text) => parseFrameRange(text));
    expect(rejected).toEqual([
      { ok: false, message: '"1-10x2" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
      { ok: false, message: '"-5" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
      { ok: false, message: '"a-b" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
      { ok: false, message: 'The frame range is empty' },
      { ok: false, message: 'The frame range is empty' },
      { ok: false, message: '"1-2-3" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
      { ok: false, message: '"10-1" contains no frames' },
      { ok: false, message: '"" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
    ]);
  });
});

describe('scoutFrames', () => {
  it('picks the first, middle and last frame, across gaps, without duplicates', () => {
    const pick = (text: string): string => {
      const parsed = parseFrameRange(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return scoutFrames(parsed.range);
    };
    expect([pick('1-250'), pick('1-3,100-102'), pick('5'), pick('5-6')]).toEqual(['1,125,250', '1,3,102', '5', '5,6']);
  });
});

const jobType: JobTypeSpec = {
  name: 'simple-blender-render',
  label: 'Simple Blender Render',
  etag: 'e1',
  settings: [
    { key: 'frames', type: 'string', required: true },
    { key: 'chunk_size', type: 'int32', default: 1 },
    { key: 'add_path_components', type: 'int32', required: true, propargs: { min: 0, max: 32 } },
    { key: 'fps', type: 'float' },
    { key: 'has_previews', type: 'bool' },
    { key: 'format', type: 'string', choices: ['PNG', 'OPEN_EXR'] },
  ],
};

describe('validateJobSettings', () => {
  it('accepts valid values and leaves optional ones out', () => {
    expect(validateJobSettings(jobType, { frames: '1-10', add_path_components: 0, fps: 24, has_previews: false, format: 'PNG' })).toEqual([]);
  });

  it('reports every problem at once: missing, types, choices, ranges, frame syntax, unknown keys', () => {
    expect(
      validateJobSettings(jobType, { frames: '1-10x2', chunk_size: 1.5, add_path_components: 33, fps: 'fast', has_previews: 'yes', format: 'GIF', colour: 'red' }),
    ).toEqual([
      { key: 'frames', kind: 'frame-range', message: 'frames: "1-10x2" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)' },
      { key: 'chunk_size', kind: 'type', message: 'chunk_size must be a whole number (32-bit), not 1.5' },
      { key: 'add_path_components', kind: 'range', message: 'add_path_components must be between 0 and 32, not 33' },
      { key: 'fps', kind: 'type', message: 'fps must be a number, not "fast"' },
      { key: 'has_previews', kind: 'type', message: 'has_previews must be true or false, not "yes"' },
      { key: 'format', kind: 'choice', message: 'format must be one of PNG, OPEN_EXR, not "GIF"' },
      { key: 'colour', kind: 'unknown-setting', message: 'simple-blender-render has no setting colour' },
    ]);
  });

  it('reports required settings that are missing or blank', () => {
    expect(validateJobSettings(jobType, { frames: '  ' })).toEqual([
      { key: 'frames', kind: 'missing', message: 'frames is required' },
      { key: 'add_path_components', kind: 'missing', message: 'add_path_components is required' },
    ]);
  });
});

describe('coerceSettingText', () => {
  it('turns command-line text into the setting type and keeps what does not parse', () => {
    expect([
      coerceSettingText({ type: 'int32' }, '4'),
      coerceSettingText({ type: 'float' }, '23.976'),
      coerceSettingText({ type: 'bool' }, 'yes'),
      coerceSettingText({ type: 'bool' }, 'off'),
      coerceSettingText({ type: 'bool' }, 'maybe'),
      coerceSettingText({ type: 'int32' }, 'four'),
      coerceSettingText({ type: 'string' }, '007'),
    ]).toEqual([4, 23.976, true, false, 'maybe', 'four', '007']);
  });
});

describe('diffJobTypes', () => {
  it('lists added, removed and changed settings', () => {
    const after: JobTypeSpec = {
      ...jobType,
      etag: 'e2',
      settings: [
        { key: 'frames', type: 'string', required: true },
        { key: 'chunk_size', type: 'int32', default: 4 },
        { key: 'add_path_components', type: 'int32', required: true, propargs: { min: 0, max: 8 } },
        { key: 'fps', type: 'float' },
        { key: 'has_previews', type: 'bool' },
        { key: 'denoise', type: 'bool' },
      ],
    };
    const changes = diffJobTypes(jobType, after);
    expect({ changes, text: describeJobTypeChanges(changes) }).toEqual({
      changes: [
        { kind: 'setting-changed', key: 'chunk_size', fields: ['default'] },
        { kind: 'setting-changed', key: 'add_path_components', fields: ['propargs'] },
        { kind: 'setting-added', key: 'denoise' },
        { kind: 'setting-removed', key: 'format' },
      ],
      text: 'setting chunk_size changed (default); setting add_path_components changed (propargs); new setting denoise; setting format was removed',
    });
  });
});
