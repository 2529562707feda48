/**
 * Native .blend reading without Blender: the file reader (`openBlendFile`), the dependency
 * tracer (`traceDependencies`) and scene facts (`readSceneFacts`).
 *
 * Formats: the classic 12-byte header (`BLENDER-v304`, 32/64-bit pointers, either byte order)
 * and Blender 5's 17-byte header (`BLENDER17-01v0500`, 32-byte block headers); plain, gzip
 * (before 3.0) and zstd (3.0 and later, multi-frame) files. Plain files are scanned with
 * positional reads and block bodies read on demand; compressed files are decompressed as a
 * stream once, keeping only the bodies the caller asks for.
 *
 * Packed data: Blender's `bpy.utils.blend_paths(packed=False)` leaves out data packed into the
 * .blend, and so does the tracer by default (`includePacked: true` lists it with `packed: true`).
 */
export { BlendFile, StructView, openBlendFile } from './blend-file';
export type { Address, BlendBlock, OpenOptions } from './blend-file';
export { parseHeader, versionText } from './header';
export type { BlendHeader, BlockHeaderLayout } from './header';
export type { Sdna, SdnaField, SdnaStruct } from './sdna';
export { traceDependencies } from './trace';
export type { TraceOptions } from './trace';
export { readSceneFacts } from './scene-facts';
