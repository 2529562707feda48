export { BlendFile, StructView, openBlendFile } from './blend-file';
export type { Address, BlendBlock, OpenOptions } from './blend-file';
export { parseHeader, versionText } from './header';
export type { BlendHeader, BlockHeaderLayout } from './header';
export type { Sdna, SdnaField, SdnaStruct } from './sdna';
export { traceDependencies } from './trace';
export type { TraceOptions } from './trace';
export { readSceneFacts } from './scene-facts';
