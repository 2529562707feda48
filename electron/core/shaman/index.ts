/**
 * The Shaman pipeline: plan a pack, hash it (cached), upload what Shaman lacks, create the
 * checkout; or copy the pack to shared storage when the Manager has Shaman off.
 */
export { checkoutPathForJob, isValidCheckoutPath, shamanBlendfile } from './checkout-path';
export { hashPackFiles, stampFile } from './hash-files';
export type { HashFilesOptions } from './hash-files';
export { HashPool } from './hash-pool';
export type { HashedFile, HashPoolOptions, HashRequest } from './hash-pool';
export { findProjectRoot, outsideFolder, outsidePackPath, packPathInside, planPack, projectMarkers } from './pack-plan';
export type { PathFlavor, PlanPackOptions } from './pack-plan';
export { ProgressTracker } from './progress';
export type { ProgressTrackerOptions } from './progress';
export { encodeOriginalFilename, isTransient, ShamanClient } from './shaman-client';
export type { ShamanApi, ShamanClientOptions, ShamanFileSpec, ShamanNeededFile, UploadAnswer, UploadFileRequest } from './shaman-client';
export { transferWithShaman } from './shaman-transfer';
export type { ShamanTransferOptions } from './shaman-transfer';
export { folderNameForJob, transferToSharedStorage } from './shared-storage';
export type { SharedStorageOptions } from './shared-storage';
export { uploadPack } from './upload';
export type { UploadJournal, UploadPackOptions, UploadPackResult } from './upload';
export { planWarnings } from './warnings';
