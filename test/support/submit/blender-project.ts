import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const makeProject = fileURLToPath(new URL('../../fixtures/submit/make-project.py', import.meta.url));

/**
 * Makes the submission fixture with Blender in `directory`: `project/shots/shot.blend`
 * (frames 1-12, scene "Shot") with a texture inside the project, one outside it (absolute)
 * and a missing one. Returns the .blend's path.
 */
export function makeBlenderProject(blenderPath: string, directory: string): string {
  const printed = execFileSync(blenderPath, ['-b', '--factory-startup', '--python', makeProject, '--', directory], { encoding: 'utf8' });
  const blendPath = printed.match(/^SHOT=(.*)$/m)?.[1];
  if (blendPath === undefined) throw new Error(`make-project.py printed no SHOT line:\n${printed}`);
  return blendPath;
}
