/** Blender on this machine: discovery of installs and headless introspection of .blend files. */
export type { BlenderCandidate, DiscoveryEnvironment, DiscoveryFileSystem } from './discovery';
export { findBlenderCandidates } from './discovery';
export { BlenderInstalls, currentDiscoveryEnvironment, nodeDiscoveryFileSystem, readBlenderVersion } from './blender-installs';
export type { BlenderInstallsOptions } from './blender-installs';
export { BlendIntrospector, introspectionScriptUrl } from './introspect';
export type { BlendIntrospectorOptions, IntrospectionJobType, IntrospectionRequest } from './introspect';
export { chooseBlender, compareVersions, parseBlenderVersion } from './version';
export { planSettings } from './settings-plan';
export type { EvaluableSetting, SettingsPlan } from './settings-plan';
export { createBlenderService, sceneFactsFromIntrospection, sceneFactsIncomplete } from './blender-service';
export type { BlenderPreferences, BlenderService, BlenderServiceOptions } from './blender-service';
