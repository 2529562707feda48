import { makeBlenderProject } from './submit/blender-project';

/**
 * Builds the browser tests' project with real Blender (test/fixtures/blender/make-project.py):
 * `project/shot.blend` (scene "Shot", frames 1-3, 640x360, PNG) with a `.blender_project`
 * marker, one texture inside the project, one outside it (stored absolute) and one missing.
 * Returns the .blend's path.
 */
export function makeShotProject(blender: string, directory: string): string {
  return makeBlenderProject(blender, directory, { frameEnd: 3, blendFolder: '', inside: 'inside', missing: 'gone', resolution: [640, 360] });
}
