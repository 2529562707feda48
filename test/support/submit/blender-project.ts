import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const makeProject = fileURLToPath(new URL('../../fixtures/blender/make-project.py', import.meta.url));

/** What differs between the projects the tests build; each unset option keeps the script's default. */
export type BlenderProjectOptions = {
  /** Last frame of scene "Shot" (12). */
  readonly frameEnd?: number;
  /** Folder of `shot.blend` inside the project, `''` for the project root (`shots`). */
  readonly blendFolder?: string;
  /** File name, without `.png`, of the texture inside the project (`wood`). */
  readonly inside?: string;
  /** File name, without `.png`, of the missing texture (`gone`). */
  readonly missing?: string;
  /** Render resolution (Blender's default). */
  readonly resolution?: readonly [width: number, height: number];
};

/**
 * Makes a project with Blender in `directory` (test/fixtures/blender/make-project.py):
 * `project/<blendFolder>/shot.blend` (scene "Shot", frames 1-`frameEnd`, PNG) with a
 * `.blender_project` marker, a texture inside the project, one outside it (absolute) and a
 * missing one. Returns the .blend's path.
 */
export function makeBlenderProject(blenderPath: string, directory: string, options: BlenderProjectOptions = {}): string {
  const flags = [
    ...(options.frameEnd === undefined ? [] : ['--frame-end', String(options.frameEnd)]),
    // `=` keeps an empty folder name one argument that argparse does not mistake for a flag.
    ...(options.blendFolder === undefined ? [] : [`--blend-folder=${options.blendFolder}`]),
    ...(options.inside === undefined ? [] : ['--inside', options.inside]),
    ...(options.missing === undefined ? [] : ['--missing', options.missing]),
    ...(options.resolution === undefined ? [] : ['--resolution', `${options.resolution[0]}x${options.resolution[1]}`]),
  ];
  const printed = execFileSync(blenderPath, ['-b', '--factory-startup', '--python', makeProject, '--', directory, ...flags], { encoding: 'utf8' });
  const blendPath = printed.match(/^SHOT=(.*)$/m)?.[1];
  if (blendPath === undefined) throw new Error(`make-project.py printed no SHOT line:\n${printed}`);
  return blendPath;
}
