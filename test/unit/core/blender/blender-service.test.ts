import { describe, expect, it } from 'vitest';
import type { BlendIntrospection } from '../../../../electron/common/domain/blender';
import type { SceneFacts, SceneSummary } from '../../../../electron/common/domain/scene-facts';
import { sceneFactsFromIntrospection, sceneFactsIncomplete } from '../../../../electron/core/blender/blender-service';

const introspection: BlendIntrospection = {
  file: '/p/a.blend',
  blenderVersion: '3.4.1',
  fileVersion: '3.4',
  fileSubversion: 6,
  activeScene: 'Main',
  scenes: [
    {
      name: 'Main',
      frameStart: 1,
      frameEnd: 48,
      frameStep: 1,
      fps: 23.976,
      fpsBase: 1.001,
      outputPath: '//out/',
      fileFormat: 'FFMPEG',
      fileExtension: '.mkv',
      usePreview: false,
      engine: 'CYCLES',
      resolution: { x: 1920, y: 1080, percentage: 100 },
      camera: null,
      cameras: [],
      viewLayers: [{ name: 'ViewLayer', use: true }],
    },
  ],
  blendPaths: [],
  libraries: [],
};

const summary: SceneSummary = {
  name: 'Main',
  frameStart: 1,
  frameEnd: 48,
  frameStep: 1,
  fps: 23.976,
  fpsBase: 1.001,
  outputPath: '//out/',
  imageFormat: 'FFMPEG',
  fileExtension: '.mkv',
  engine: 'CYCLES',
  resolutionX: 1920,
  resolutionY: 1080,
  resolutionPercentage: 100,
  camera: undefined,
  cameras: [],
  viewLayers: ['ViewLayer'],
};

describe('sceneFactsFromIntrospection', () => {
  it('maps the headless report onto the native reader shape', () => {
    expect(sceneFactsFromIntrospection(introspection)).toEqual({ blenderVersion: '3.4', activeScene: 'Main', scenes: [summary] } satisfies SceneFacts);
  });
});

describe('sceneFactsIncomplete', () => {
  it('accepts a scene without camera or file extension but not one without a frame range', () => {
    const facts = (scene: SceneSummary): SceneFacts => ({ blenderVersion: '3.4', activeScene: 'Main', scenes: [scene] });
    expect([
      sceneFactsIncomplete(facts({ ...summary, fileExtension: undefined })),
      sceneFactsIncomplete(facts({ ...summary, frameEnd: undefined })),
      sceneFactsIncomplete({ blenderVersion: '3.4', activeScene: undefined, scenes: [] }),
    ]).toEqual([false, true, true]);
  });
});
