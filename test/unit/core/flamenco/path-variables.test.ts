import { describe, expect, it } from 'vitest';
import { expandVariables, flamencoTimestamp, localOutputDirectory } from '../../../../electron/core/flamenco/path-variables';

const variables = [
  { name: 'render', value: '/mnt/render/', isTwoWay: true },
  { name: 'jobs', value: '/mnt/flamenco/jobs', isTwoWay: true },
];

describe('expandVariables', () => {
  it('replaces known variables and reports unknown ones', () => {
    expect(expandVariables('{render}/shots/{unknown}/x', variables)).toEqual({ path: '/mnt/render/shots/{unknown}/x', unresolved: ['unknown'] });
  });
});

describe('flamencoTimestamp', () => {
  it('formats like the job compilers do', () => {
    expect(flamencoTimestamp('2026-03-04T05:06:07Z', 'UTC')).toBe('2026-03-04_050607');
  });
});

describe('localOutputDirectory', () => {
  it('expands variables and the timestamp and drops the frame pattern', () => {
    const job = { created: '2026-03-04T05:06:07Z', settings: { render_output_path: '{render}/proj/shot/{timestamp}/######' } };

    expect(localOutputDirectory(job, variables, { platform: 'linux', timeZone: 'UTC' })).toEqual({
      kind: 'found',
      directory: '/mnt/render/proj/shot/2026-03-04_050607',
      unresolved: [],
    });
  });

  it('writes Windows separators for a Windows machine', () => {
    const job = { settings: { render_output_path: '{render}/proj/frame_######.png' } };

    expect(localOutputDirectory(job, [{ name: 'render', value: 'R:\\render', isTwoWay: true }], { platform: 'windows' })).toEqual({
      kind: 'found',
      directory: 'R:\\render\\proj',
      unresolved: [],
    });
  });

  it('is unknown when the job has no output path', () => {
    expect(localOutputDirectory({ settings: {} }, variables, { platform: 'linux' })).toEqual({ kind: 'unknown', reason: 'The job has no render_output_path setting' });
  });
});
