import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dependency } from '../../../../../electron/common/domain/dependency';
import type { SceneFacts } from '../../../../../electron/common/domain/scene-facts';

/** The scene facts the oracle script prints (Python's None becomes null). */
export type OracleScene = {
  readonly name: string;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly frameStep: number;
  readonly fps: number;
  readonly fpsBase: number;
  readonly outputPath: string;
  readonly imageFormat: string;
  readonly fileExtension: string;
  readonly engine: string;
  readonly resolutionX: number;
  readonly resolutionY: number;
  readonly resolutionPercentage: number;
  readonly camera: string | null;
  readonly cameras: readonly string[];
  readonly viewLayers: readonly string[];
};

/** What Blender reports for a file (see test/fixtures/blender/blend-paths.py). */
export type OracleAnswer = {
  readonly version: string;
  readonly rawPaths: readonly string[];
  readonly files: readonly string[];
  readonly libraries: readonly string[];
  readonly activeScene: string | null;
  readonly scenes: readonly OracleScene[];
};

export const oracleScript = fileURLToPath(new URL('../../../../fixtures/blender/blend-paths.py', import.meta.url));
export const fixtureScript = fileURLToPath(new URL('../../../../fixtures/blender/make-fixtures.py', import.meta.url));

/** Runs Blender on a file with the oracle script; a file Blender cannot open gives the reason. */
export function askBlender(blender: string, blendFile: string): { readonly ok: true; readonly answer: OracleAnswer } | { readonly ok: false; readonly reason: string } {
  const run = spawnSync(blender, ['-b', blendFile, '--factory-startup', '--python', oracleScript], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  const line = run.stdout.split('\n').find((text) => text.startsWith('BLEND_PATHS_JSON='));
  if (line === undefined) {
    const said = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((text) => /error|cannot|failed|not a blend/i.test(text))
      .slice(0, 3)
      .join(' | ');
    return { ok: false, reason: `Blender did not open it (exit ${String(run.status)}): ${said || 'no output'}` };
  }
  return { ok: true, answer: JSON.parse(line.slice('BLEND_PATHS_JSON='.length)) as OracleAnswer };
}

/** The distinct absolute files of a native trace, sorted like the oracle's list. */
export function nativeFiles(dependencies: readonly Dependency[]): string[] {
  return [...new Set(dependencies.map((dependency) => dependency.absolutePath))].sort();
}

/** Oracle scene facts in the native shape (null camera to undefined, fps rounded for float noise). */
export function oracleFacts(answer: OracleAnswer): unknown {
  return {
    activeScene: answer.activeScene ?? undefined,
    scenes: answer.scenes.map((scene) => ({ ...scene, camera: scene.camera ?? undefined, fps: Number(scene.fps.toFixed(4)), fpsBase: Number(scene.fpsBase.toFixed(4)) })),
  };
}

/** Native scene facts in the comparable shape. */
export function comparableFacts(facts: SceneFacts): unknown {
  return {
    activeScene: facts.activeScene,
    scenes: facts.scenes.map((scene) => ({
      ...scene,
      fps: scene.fps === undefined ? undefined : Number(scene.fps.toFixed(4)),
      fpsBase: scene.fpsBase === undefined ? undefined : Number(scene.fpsBase.toFixed(4)),
    })),
  };
}
