import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { lstat, mkdir, readlink, rename, rm, rmdir, stat, symlink, unlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import type { Random } from './prng';

/** Shaman's view of one file: `unknown`, being `uploading`, or `stored`. */
export type ShamanFileStatus = 'unknown' | 'uploading' | 'stored';

/** A file as the client names it in requirements and checkouts. */
export type ShamanFileSpec = { readonly sha: string; readonly size: number; readonly path: string };

/** Outcome of one upload, mapped to HTTP by the double (200/208/425/417). */
export type ShamanUploadOutcome =
  | { readonly kind: 'stored' }
  | { readonly kind: 'already-stored' }
  | { readonly kind: 'defer' }
  | { readonly kind: 'mismatch'; readonly message: string };

/** A checkout failure; the Manager answers every one of them with 500 (MANAGER-FACTS.md). */
export class ShamanCheckoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShamanCheckoutError';
  }
}

const validCheckoutPath = /^[^/?*:;{}\\][^?*:;{}\\]*$/;

/**
 * True when Flamenco's checkout manager accepts the path (pkg/shaman/checkout, isValidCheckoutPath):
 * not empty, no leading `/`, none of `? * : ; { } \`, and no `../` or `/..`.
 */
export function isValidCheckoutPath(checkoutPath: string): boolean {
  return validCheckoutPath.test(checkoutPath) && !checkoutPath.includes('../') && !checkoutPath.includes('/..');
}

const keyOf = (sha: string, size: number): string => `${sha}/${size}`;

/**
 * A real content-addressed store on disk, laid out like Shaman's:
 * `<storage>/file-store/stored/<sha[0:2]>/<sha[2:]>/<size>.blob`, checkouts under `<storage>/jobs`.
 */
export class ShamanStore {
  readonly fileStorePath: string;
  readonly checkoutRoot: string;
  private readonly uploading = new Map<string, { active: Set<number>; completedByOther: Set<number> }>();
  private uploadSerial = 0;

  constructor(
    readonly storageLocation: string,
    private readonly random: Random,
  ) {
    this.fileStorePath = join(storageLocation, 'file-store');
    this.checkoutRoot = join(storageLocation, 'jobs');
  }

  /** Absolute path of the stored blob of a file (whether or not it exists). */
  blobPath(sha: string, size: number): string {
    return join(this.fileStorePath, 'stored', sha.slice(0, 2), sha.slice(2), `${size}.blob`);
  }

  /** Status as `GET /shaman/files/{sha}/{size}` reports it. */
  async status(sha: string, size: number): Promise<ShamanFileStatus> {
    if (await isFile(this.blobPath(sha, size))) return 'stored';
    return (this.uploading.get(keyOf(sha, size))?.active.size ?? 0) > 0 ? 'uploading' : 'unknown';
  }

  /** Files the client still has to send: unknown or uploading ones, each listed once. */
  async requirements(files: readonly ShamanFileSpec[]): Promise<(ShamanFileSpec & { status: ShamanFileStatus })[]> {
    const seen = new Set<string>();
    const missing: (ShamanFileSpec & { status: ShamanFileStatus })[] = [];
    for (const file of files) {
      const key = keyOf(file.sha, file.size);
      if (seen.has(key)) continue;
      // A synchronous stat per file, like the Manager's Go loop (os.Stat): an awaited
      // stat per file would make the double, not the client, dominate requirement calls.
      if (isFileNow(this.blobPath(file.sha, file.size))) continue;
      const status: ShamanFileStatus = (this.uploading.get(key)?.active.size ?? 0) > 0 ? 'uploading' : 'unknown';
      seen.add(key);
      missing.push({ path: file.path, sha: file.sha, size: file.size, status });
    }
    return missing;
  }

  /**
   * Streams an upload to a temporary file while hashing it, then moves it into place only
   * when size and SHA-256 match: a wrong blob is never stored.
   */
  async receive(sha: string, size: number, body: Readable, canDefer: boolean): Promise<ShamanUploadOutcome> {
    const key = keyOf(sha, size);
    if (await isFile(this.blobPath(sha, size))) {
      body.resume();
      return { kind: 'already-stored' };
    }
    const entry = this.uploading.get(key) ?? { active: new Set<number>(), completedByOther: new Set<number>() };
    if (entry.active.size > 0 && canDefer) {
      body.resume();
      return { kind: 'defer' };
    }
    const serial = ++this.uploadSerial;
    entry.active.add(serial);
    this.uploading.set(key, entry);
    const temporary = join(this.fileStorePath, 'uploading', sha.slice(0, 2), sha.slice(2), `${size}-${serial}.tmp`);
    try {
      await mkdir(dirname(temporary), { recursive: true });
      const hash = createHash('sha256');
      let written = 0;
      const output = createWriteStream(temporary);
      try {
        for await (const chunk of body) {
          const buffer = chunk as Buffer;
          hash.update(buffer);
          written += buffer.length;
          if (!output.write(buffer)) await once(output, 'drain');
        }
      } finally {
        output.end();
        await once(output, 'close');
      }
      if (entry.completedByOther.has(serial)) return { kind: 'already-stored' };
      if (written !== size) {
        return { kind: 'mismatch', message: `file size mismatched, declared ${size} but received ${written} bytes` };
      }
      const actual = hash.digest('hex');
      if (actual !== sha) {
        return { kind: 'mismatch', message: `file SHA256 mismatched, declared ${sha} but received ${actual}` };
      }
      const target = this.blobPath(sha, size);
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
      for (const other of entry.active) if (other !== serial) entry.completedByOther.add(other);
      return { kind: 'stored' };
    } finally {
      await rm(temporary, { force: true });
      entry.active.delete(serial);
      entry.completedByOther.delete(serial);
      if (entry.active.size === 0) this.uploading.delete(key);
    }
  }

  /** Every stored blob's identity (for test assertions). */
  async isStored(sha: string, size: number): Promise<boolean> {
    return isFile(this.blobPath(sha, size));
  }

  /**
   * Creates `<storage>/jobs/<path>` with relative symlinks to the stored blobs. An existing
   * path gets a `-xxxx` suffix (4 random [a-z0-9]); the path used is returned. On failure
   * the *requested* path's directory is erased, as the real Manager does.
   */
  async checkout(requestedPath: string, files: readonly ShamanFileSpec[]): Promise<string> {
    const used = await this.prepareCheckout(requestedPath);
    let ok = false;
    try {
      for (const file of files) {
        const blob = this.blobPath(file.sha, file.size);
        if (!(await isFile(blob))) throw new ShamanCheckoutError('unknown files requested in checkout');
        await this.symlinkInto(blob, join(this.checkoutRoot, used), file.path);
      }
      ok = true;
      return used;
    } finally {
      if (!ok) await this.eraseCheckout(requestedPath);
    }
  }

  private async prepareCheckout(requestedPath: string): Promise<string> {
    let attempt = requestedPath;
    for (let round = 0; round < 10; round++) {
      if (!isValidCheckoutPath(attempt)) throw new ShamanCheckoutError(`invalid checkout path "${attempt}"`);
      const absolute = join(this.checkoutRoot, attempt);
      if (await exists(absolute)) {
        attempt = `${requestedPath}-${this.token()}`;
        continue;
      }
      await mkdir(absolute, { recursive: true });
      return attempt;
    }
    throw new ShamanCheckoutError('a checkout with this ID already exists');
  }

  private token(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let token = '';
    for (let index = 0; index < 4; index++) token += alphabet[this.random.integer(alphabet.length)];
    return token;
  }

  private async symlinkInto(blob: string, checkoutDirectory: string, relativePath: string): Promise<void> {
    const link = join(checkoutDirectory, relativePath);
    const target = relative(dirname(link), blob);
    await mkdir(dirname(link), { recursive: true });
    try {
      await symlink(target, link);
    } catch (error) {
      // Same blob linked twice is fine; a different blob at the same path is an error.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || (await readlink(link)) !== target) {
        throw new ShamanCheckoutError(`symlinking "${relativePath}" to checkout: ${(error as Error).message}`);
      }
    }
  }

  /** Removes a checkout directory (job deletion, failed create). */
  async eraseCheckout(checkoutPath: string): Promise<boolean> {
    if (!isValidCheckoutPath(checkoutPath)) return false;
    const absolute = join(this.checkoutRoot, checkoutPath);
    if (!(await exists(absolute))) return false;
    await rm(absolute, { recursive: true, force: true });
    await rmdir(dirname(absolute)).catch(() => undefined);
    return true;
  }

  /** Deletes a stored blob (tests simulating garbage collection). */
  async forget(sha: string, size: number): Promise<void> {
    await unlink(this.blobPath(sha, size)).catch(() => undefined);
  }
}

function isFileNow(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
