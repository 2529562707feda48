import { describe, expect, it } from 'vitest';
import { chunkFrames, compileSimpleBlenderRender, computeJobTypeEtag, echoSleepTestDefinition, explodeFrameRange } from '../../../support/manager-double/index';

describe('chunkFrames', () => {
  it('chunks ranges and lists like the Manager frameChunker', () => {
    expect(chunkFrames('1-10', 4)).toEqual(['1-4', '5-8', '9-10']);
    expect(chunkFrames('3, 5-7, 9..10', 3)).toEqual(['3,5-6', '7,9-10']);
  });

  it('rejects an empty range and a bad chunk size', () => {
    expect(() => chunkFrames(' ', 1)).toThrow('invalid range "": empty range');
    expect(() => chunkFrames('1-3', 0)).toThrow('invalid chunk size, must be positive number: 0');
  });

  it('explodes ranges into sorted unique frames', () => {
    expect(explodeFrameRange('5,1-3,2')).toEqual([1, 2, 3, 5]);
  });
});

describe('computeJobTypeEtag', () => {
  it('matches the etag Flamenco computes for echo-sleep-test', () => {
    expect(computeJobTypeEtag('echo-sleep-test', echoSleepTestDefinition)).toBe('eba586e16d6b55baaa43e32f9e78ae514b457fee');
  });
});

describe('compileSimpleBlenderRender', () => {
  it('skips the video task for EXR without previews', () => {
    const tasks = compileSimpleBlenderRender({
      name: 'exr',
      type: 'simple-blender-render',
      created: new Date(0),
      metadata: {},
      settings: { frames: '1-2', chunk_size: 2, render_output_path: '/out/######', blendfile: '/b.blend', fps: 24, format: 'OPEN_EXR', has_previews: false },
    });
    expect(tasks.map((task) => task.name)).toEqual(['render-1-2']);
  });
});
