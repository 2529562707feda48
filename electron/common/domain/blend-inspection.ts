/**
 * What the Submit screen learns about a dropped .blend before anything is sent: scene facts
 * (read natively), its dependencies (traced natively) and the Blender that would evaluate
 * the job type's settings.
 */
import type { BlenderChoice, BlenderInstall } from './blender';
import type { Dependency } from './dependency';
import type { SceneFacts } from './scene-facts';

/** A dropped .blend, inspected without starting Blender. */
export type BlendInspection = {
  readonly path: string;
  readonly sizeBytes: number;
  readonly facts: SceneFacts;
  /** The folder treated as the project (dependencies outside it are flagged). */
  readonly projectRoot: string;
  readonly dependencies: readonly Dependency[];
  readonly dependencySummary: DependencySummary;
  /** The Blender that evaluates settings; null (with `blenderProblem`) when none is usable. */
  readonly blender: BlenderChoice | null;
  readonly blenderProblem?: string;
};

/** Counts the Submit screen shows before listing the files that need attention. */
export type DependencySummary = {
  readonly total: number;
  readonly totalBytes: number;
  readonly missing: number;
  readonly outsideProject: number;
  /** Stored as absolute paths (they break when the farm sees other mount points). */
  readonly absolute: number;
};

/** True when a stored Blender path is absolute (not `//`-relative). */
export function isAbsoluteStoredPath(storedPath: string): boolean {
  return !storedPath.startsWith('//') && (storedPath.startsWith('/') || /^[A-Za-z]:[\\/]/.test(storedPath) || storedPath.startsWith('\\\\'));
}

/** Counts the dependencies that need the user's attention. */
export function summarizeDependencies(dependencies: readonly Dependency[], sizes: ReadonlyMap<string, number> = new Map()): DependencySummary {
  let totalBytes = 0;
  for (const dependency of dependencies) totalBytes += sizes.get(dependency.absolutePath) ?? 0;
  return {
    total: dependencies.length,
    totalBytes,
    missing: dependencies.filter((dependency) => !dependency.exists).length,
    outsideProject: dependencies.filter((dependency) => dependency.exists && !dependency.insideProject).length,
    absolute: dependencies.filter((dependency) => isAbsoluteStoredPath(dependency.storedPath)).length,
  };
}

/** Blender installs and the one the app would use now. */
export type BlenderInstallsView = {
  readonly installs: readonly BlenderInstall[];
  readonly chosen: BlenderChoice | null;
};
