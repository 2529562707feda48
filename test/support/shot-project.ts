import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Builds a small project with real Blender (test/fixtures/e2e/make-shot.py): `project/shot.blend`
 * (scene "Shot", frames 1-3, PNG) with a `.blender_project` marker, one texture inside the
 * project, one outside it (stored absolute) and one missing. Returns the .blend's path.
 */
export function makeShotProject(blender: string, directory: string): string {
  const script = join(resolve(import.meta.dirname, '../..'), 'test/fixtures/e2e/make-shot.py');
  const output = execFileSync(blender, ['-b', '--factory-startup', '--python', script, '--', directory], { encoding: 'utf8' });
  const line = output.split('\n').find((candidate) => candidate.startsWith('SHOT='));
  if (line === undefined) throw new Error(`Blender did not write the test project:\n${output}`);
  return line.slice('SHOT='.length).trim();
}
