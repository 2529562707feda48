import type { Brand } from '../brand';

/** Lowercase hex SHA-256 of a whole file: with the size, a file's identity in Shaman. */
export type Sha256 = Brand<string, 'Sha256'>;

/** Identifies one transfer (upload or copy) of a pack, so a restarted app can resume it. */
export type TransferId = Brand<string, 'TransferId'>;

/** What Shaman knows a file by: its checksum and size in bytes. */
export type FileDigest = {
  readonly sha256: Sha256;
  readonly size: number;
};

/** What to do with dependencies that live outside the project root. */
export type OutsideFilePolicy = 'include' | 'skip';

/** One file of a pack: where it is on this machine and where it goes in the pack. */
export type PackFile = {
  readonly absolutePath: string;
  /** Relative POSIX path inside the pack (and inside the Shaman checkout). */
  readonly packPath: string;
  readonly size: number;
  /** True when the file sits outside the project root and was placed under `_outside/`. */
  readonly outsideProject: boolean;
};

/** A dependency outside the project root, reported before any upload. */
export type OutsideFile = {
  readonly absolutePath: string;
  /** Where it goes in the pack, or undefined when the policy skips it. */
  readonly packPath: string | undefined;
};

/** Everything a transfer needs to know about a pack, decided before any byte moves. */
export type PackPlan = {
  readonly blendPath: string;
  /** Nearest ancestor of the .blend with `.blender_project`, `.git` or `.svn`, else its folder. */
  readonly projectRoot: string;
  /** The .blend's path inside the pack. */
  readonly blendPackPath: string;
  /** Files to transfer, the .blend first. */
  readonly files: readonly PackFile[];
  readonly outside: readonly OutsideFile[];
  /** Dependencies that do not exist on disk (left out of the pack). */
  readonly missing: readonly string[];
  readonly totalBytes: number;
};

/** A pack file with its digest: what the upload works from. */
export type HashedPackFile = PackFile & FileDigest;

/** The phases a transfer reports progress for. */
export type TransferPhase = 'hash' | 'upload' | 'checkout' | 'copy';

/** A throttled snapshot of one phase's progress (about ten a second at most). */
export type TransferProgress = {
  readonly phase: TransferPhase;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Recent rate, averaged over the last few seconds. */
  readonly bytesPerSecond: number;
  /** Seconds left at the recent rate; undefined while the rate is unknown. */
  readonly etaSeconds: number | undefined;
};

/** Something the user should know about that does not stop the transfer. */
export type TransferWarning =
  | {
      readonly kind: 'outside-project';
      readonly absolutePath: string;
      readonly packPath: string | undefined;
      readonly message: string;
    }
  | { readonly kind: 'missing-file'; readonly absolutePath: string; readonly message: string }
  | { readonly kind: 'file-changed'; readonly absolutePath: string; readonly message: string };

/** Counters of one Shaman upload. */
export type UploadSummary = {
  readonly filesUploaded: number;
  readonly bytesUploaded: number;
  /** Files Shaman already had (requirements left them out, or it answered 208). */
  readonly filesAlreadyStored: number;
  /** Requirements rounds it took until nothing was missing. */
  readonly rounds: number;
  /** Requests repeated after a reset, a 5xx, a stall or a 417 with an unchanged file. */
  readonly retries: number;
  /** Uploads Shaman asked to defer (425). */
  readonly deferrals: number;
};

/** How a pack reached the farm, and the `blendfile` setting the job must use. */
export type TransferResult =
  | {
      readonly mode: 'shaman';
      /** `{jobs}/<checkout path>/<.blend in the pack>`. */
      readonly blendfile: string;
      /** The path the Manager used (it may have added `-xxxx`): the job's `storage.shaman_checkout_id`. */
      readonly checkoutPath: string;
      readonly upload: UploadSummary;
    }
  | {
      readonly mode: 'shared-storage-in-place';
      readonly blendfile: string;
    }
  | {
      readonly mode: 'shared-storage-copy';
      readonly blendfile: string;
      readonly targetDirectory: string;
      readonly filesCopied: number;
      readonly bytesCopied: number;
      /** Files already present with the same size and modification time. */
      readonly filesUnchanged: number;
    };

/** Where a stored transfer stands; anything but `completed` can be resumed. */
export type TransferState = 'active' | 'interrupted' | 'failed' | 'completed';

/** A transfer as the journal remembers it. */
export type TransferRecord = {
  readonly id: TransferId;
  readonly blendPath: string;
  /** The Manager's URL (Shaman) or the shared-storage target folder (copy). */
  readonly destination: string;
  readonly state: TransferState;
  /** Set once the checkout exists (Shaman) or the copy is verified. */
  readonly result: TransferResult | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
};
