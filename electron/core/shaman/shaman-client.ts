import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { FileDigest } from '../../common/domain/shaman';
import { CoreError } from '../errors';

/** A file as Shaman's requirements and checkout calls name it. */
export type ShamanFileSpec = {
  readonly sha: string;
  readonly size: number;
  /** POSIX path inside the checkout. */
  readonly path: string;
};

/** A file Shaman still needs, with why. */
export type ShamanNeededFile = ShamanFileSpec & { readonly status: 'unknown' | 'uploading' };

/** How one upload ended, when the Manager answered. */
export type UploadAnswer =
  | { readonly kind: 'stored' }
  | { readonly kind: 'already-stored' }
  | { readonly kind: 'defer' }
  | { readonly kind: 'mismatch'; readonly message: string }
  /** The local file ended before the declared size: it shrank since it was hashed. */
  | { readonly kind: 'short-read'; readonly bytesSent: number };

/** Options of a {@link ShamanClient}. */
export type ShamanClientOptions = {
  /** The Manager's base URL (`http://host:8080/`); a path prefix is kept for reverse proxies. */
  readonly baseUrl: string;
  /** Extra headers of the Manager profile (e.g. `Authorization` for a proxy), sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Connections kept open to the Manager; at least the upload parallelism. Default 8. */
  readonly maxSockets?: number;
  /** A request with no byte moving either way for this long is a stall. Default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Read size when streaming a file. Default 1 MiB. */
  readonly readBytes?: number;
};

/** One upload request. */
export type UploadFileRequest = {
  readonly digest: FileDigest;
  readonly absolutePath: string;
  /** Sent RFC 2047 encoded as `X-Shaman-Original-Filename`, for the Manager's log. */
  readonly packPath: string;
  readonly canDefer: boolean;
  readonly signal?: AbortSignal | undefined;
  /** Bytes handed to the socket, in increments. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
};

type Answer = { readonly status: number; readonly text: string };

/** The Shaman calls the pipeline makes; {@link ShamanClient} implements them (tests may fake them). */
export type ShamanApi = Pick<ShamanClient, 'requirements' | 'uploadFile' | 'checkout'>;

/**
 * The Manager's Shaman API over node:http with a keep-alive agent: files are streamed
 * from disk (never held in memory), JSON calls are small. Transport failures come out as
 * `manager-unreachable` / `manager-timeout` CoreErrors with `details.transient`, other
 * answers as typed results or `manager-http` with the status.
 */
export class ShamanClient {
  private readonly baseUrl: URL;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly idleTimeoutMs: number;
  private readonly readBytes: number;

  constructor(options: ShamanClientOptions) {
    const base = new URL(options.baseUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.headers = options.headers ?? {};
    this.transport = base.protocol === 'https:' ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8, scheduling: 'lifo' as const };
    this.agent = base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.readBytes = options.readBytes ?? 1024 * 1024;
  }

  /** The files of `files` that Shaman does not store yet (each checksum once), `unknown` or `uploading`. */
  async requirements(files: readonly ShamanFileSpec[], signal?: AbortSignal): Promise<readonly ShamanNeededFile[]> {
    const answer = await this.sendJson('POST', 'api/v3/shaman/checkout/requirements', { files: files.map(toSpec) }, signal);
    if (answer.status !== 200) throw httpError('checking which files Shaman needs', answer);
    const parsed = parseJson(answer.text) as { files?: unknown };
    if (!Array.isArray(parsed.files)) throw invalid('requirements', answer.text);
    return parsed.files.map((entry: unknown) => {
      const file = entry as Partial<ShamanNeededFile>;
      if (typeof file.sha !== 'string' || typeof file.size !== 'number' || typeof file.path !== 'string') throw invalid('requirements', answer.text);
      if (file.status !== 'unknown' && file.status !== 'uploading') throw invalid('requirements', answer.text);
      return { sha: file.sha, size: file.size, path: file.path, status: file.status };
    });
  }

  /**
   * Creates the checkout and returns the path the Manager used (it appends `-xxxx` when
   * the requested folder exists). The Manager answers every failure with 500 (Manager
   * fact), so any non-200 is `shaman-checkout-failed` carrying the Manager's message.
   */
  async checkout(checkoutPath: string, files: readonly ShamanFileSpec[], signal?: AbortSignal): Promise<string> {
    const answer = await this.sendJson('POST', 'api/v3/shaman/checkout/create', { checkoutPath, files: files.map(toSpec) }, signal);
    if (answer.status === 503 && /shaman/i.test(answer.text)) throw disabled(answer);
    if (answer.status !== 200) {
      const message = errorMessageOf(answer.text) ?? `status ${answer.status}`;
      throw new CoreError('shaman-checkout-failed', `The Manager could not create the checkout ${checkoutPath}: ${message}`, {
        status: answer.status,
        details: { checkoutPath, managerMessage: message },
      });
    }
    const parsed = parseJson(answer.text) as { checkoutPath?: unknown };
    if (typeof parsed.checkoutPath !== 'string' || parsed.checkoutPath === '') throw invalid('checkout', answer.text);
    return parsed.checkoutPath;
  }

  /**
   * Streams one file to `POST /shaman/files/{sha}/{size}`. 200 (the real Manager) and 204
   * (the spec) are success, 208 already stored, 425 defer, 417 mismatch. Exactly the
   * declared size is sent, so a file that grew gets a 417; one that shrank is caught
   * before the request completes (`short-read`).
   */
  async uploadFile(request: UploadFileRequest): Promise<UploadAnswer> {
    const { digest } = request;
    const url = this.url(`api/v3/shaman/files/${encodeURIComponent(digest.sha256)}/${digest.size}`);
    const headers = {
      ...this.headers,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(digest.size),
      'X-Shaman-Can-Defer-Upload': request.canDefer ? 'true' : 'false',
      'X-Shaman-Original-Filename': encodeOriginalFilename(request.packPath),
    };
    let bytesSent = 0;
    // A small file is read in one go (bounded by the read size): fewer events than a stream.
    const whole = digest.size <= this.readBytes ? await readSmallFile(request.absolutePath, digest.size) : undefined;
    if (whole !== undefined && whole.length < digest.size) return { kind: 'short-read', bytesSent: 0 };
    const big = whole === undefined ? await openForReading(request.absolutePath) : undefined;
    let pumping = false;
    const answer = await this.exchange(url, 'POST', headers, request.signal, (outgoing) => {
      if (whole !== undefined) {
        outgoing.end(whole, () => {
          bytesSent = whole.length;
          request.onBytes?.(whole.length);
        });
        return () => undefined;
      }
      let stopped = false;
      const file = big;
      if (file === undefined) throw new Error('no file handle for a big upload');
      pumping = true;
      pumpFile(file, digest.size, outgoing, this.readBytes, () => stopped, (bytes) => {
        bytesSent += bytes;
        request.onBytes?.(bytes);
      })
        .catch((error: unknown) => outgoing.destroy(error instanceof Error ? error : new Error(String(error))))
        .finally(() => void file.close().catch(() => undefined));
      return () => {
        stopped = true;
      };
    }).catch((error: unknown) => {
      if (error instanceof ShortRead) return undefined;
      if (isFileError(error)) {
        const code = error.code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
        throw new CoreError(code, `Cannot read ${request.absolutePath}: ${error.message}`, { details: { path: request.absolutePath }, cause: error });
      }
      throw error;
    }).finally(() => {
      // The pump closes the file itself; a request that never started leaves it to us.
      if (!pumping) void big?.close().catch(() => undefined);
    });
    if (answer === undefined) return { kind: 'short-read', bytesSent };
    switch (answer.status) {
      case 200:
      case 204:
        return { kind: 'stored' };
      case 208:
        return { kind: 'already-stored' };
      case 425:
        return { kind: 'defer' };
      case 417:
        return { kind: 'mismatch', message: errorMessageOf(answer.text) ?? 'checksum or size mismatch' };
      default:
        throw httpError(`uploading ${request.packPath}`, answer);
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  private async sendJson(method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    const headers = { ...this.headers, 'Content-Type': 'application/json', 'Content-Length': String(payload.length), Accept: 'application/json' };
    return this.exchange(this.url(path), method, headers, signal, (outgoing) => {
      outgoing.end(payload);
      return () => undefined;
    });
  }

  /**
   * One request/answer. `writeBody` starts the body and returns how to stop it when the
   * Manager answers before the body is complete (208/425 arrive early); then the socket
   * is dropped, as a half-sent body cannot be reused for the next request.
   */
  private exchange(
    url: URL,
    method: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    writeBody: (outgoing: http.ClientRequest, finished: Promise<Answer>) => () => void,
  ): Promise<Answer> {
    if (signal?.aborted === true) return Promise.reject(canceled());
    let stopBody: () => void = () => undefined;
    let settleFinished: { resolve: (answer: Answer) => void; reject: (error: unknown) => void } | undefined;
    const finished = new Promise<Answer>((resolve, reject) => {
      settleFinished = { resolve, reject };
    });
    finished.catch(() => undefined);
    const outgoing = this.transport.request(url, { method, headers, agent: this.agent });
    let bodyDone = false;
    outgoing.on('finish', () => {
      bodyDone = true;
    });
    const onAbort = (): void => {
      outgoing.destroy(canceled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.setTimeout(this.idleTimeoutMs, () => {
      outgoing.destroy(new CoreError('manager-timeout', `The Manager at ${this.baseUrl.origin} stalled for ${this.idleTimeoutMs} ms on ${url.pathname}.`, { details: { transient: true } }));
    });
    outgoing.on('response', (incoming) => {
      if (!bodyDone) stopBody();
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        if (!bodyDone) outgoing.destroy();
        settleFinished?.resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      incoming.on('error', (error) => settleFinished?.reject(error));
      incoming.on('aborted', () => settleFinished?.reject(new Error('the answer was cut off')));
    });
    outgoing.on('error', (error) => settleFinished?.reject(error));
    stopBody = writeBody(outgoing, finished);
    return finished.then(
      (answer) => {
        signal?.removeEventListener('abort', onAbort);
        return answer;
      },
      (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        stopBody();
        if (error instanceof CoreError || error instanceof ShortRead || isFileError(error)) throw error;
        throw new CoreError('manager-unreachable', `Lost the connection to the Manager at ${this.baseUrl.origin} (${(error as Error).message}).`, {
          details: { transient: true },
          cause: error,
        });
      },
    );
  }
}

/**
 * `X-Shaman-Original-Filename` as one RFC 2047 encoded word, never folded over lines:
 * the Manager decodes it with Go's mime.WordDecoder, and folded headers break behind
 * nginx (Manager fact).
 */
export function encodeOriginalFilename(name: string): string {
  return `=?utf-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
}

/** Whether an error is worth trying again: a reset, a stall or a 5xx. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof CoreError)) return false;
  if (error.details?.['transient'] === true) return true;
  return error.code === 'manager-http' && error.status !== undefined && error.status >= 500;
}

class ShortRead extends Error {
  constructor() {
    super('the file ended before its declared size');
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (error as NodeJS.ErrnoException | undefined)?.syscall !== undefined && ['ENOENT', 'EACCES', 'EISDIR', 'EIO', 'EPERM'].includes(code ?? '') && (error as NodeJS.ErrnoException).path !== undefined;
}

/**
 * Streams the first `size` bytes of a file into the request with two reusable buffers:
 * the next chunk is read while the previous one is written, and a buffer is reused only
 * after the socket took its bytes, so memory stays at two chunks whatever the file size.
 * A file that ends early (it shrank since hashing) fails with {@link ShortRead}.
 */
async function pumpFile(
  handle: FileHandle,
  size: number,
  outgoing: http.ClientRequest,
  chunkBytes: number,
  stopped: () => boolean,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const length = Math.min(chunkBytes, size);
  const buffers = [Buffer.allocUnsafe(length), Buffer.allocUnsafe(length)];
  let position = 0;
  let index = 0;
  let writing: Promise<void> = Promise.resolve();
  while (position < size) {
    if (stopped()) return;
    const buffer = buffers[index] ?? Buffer.alloc(0);
    index = 1 - index;
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) throw new ShortRead();
    await writing;
    if (stopped()) return;
    position += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    writing = new Promise<void>((resolve, reject) => {
      outgoing.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
    onBytes(bytesRead);
  }
  await writing;
  outgoing.end();
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
    throw new CoreError(code, `Cannot read ${path}: ${(error as Error).message}`, { details: { path }, cause: error });
  }
}

/** Up to `size` bytes of the file (fewer when it shrank); a grown file is cut at `size`, like a big upload. */
async function readSmallFile(path: string, size: number): Promise<Buffer> {
  if (size === 0) return Buffer.alloc(0);
  const handle = await openForReading(path);
  try {
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function toSpec(file: ShamanFileSpec): ShamanFileSpec {
  return { sha: file.sha, size: file.size, path: file.path };
}

function canceled(): CoreError {
  return new CoreError('canceled', 'The transfer was canceled.');
}

function disabled(answer: Answer): CoreError {
  return new CoreError('shaman-disabled', `Shaman is not enabled on this Manager (${errorMessageOf(answer.text) ?? 'status 503'}).`, { status: 503 });
}

function httpError(what: string, answer: Answer): CoreError {
  // Shaman off answers 503 on every Shaman call (Manager fact); a proxy's 503 is transient.
  if (answer.status === 503 && /shaman/i.test(answer.text)) return disabled(answer);
  const message = errorMessageOf(answer.text) ?? `status ${answer.status}`;
  return new CoreError('manager-http', `The Manager refused ${what}: ${message}`, { status: answer.status, details: { managerMessage: message } });
}

function invalid(what: string, text: string): CoreError {
  return new CoreError('manager-invalid-response', `The Manager's answer to Shaman ${what} has an unexpected shape.`, { details: { body: text.slice(0, 200) } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CoreError('manager-invalid-response', 'The Manager answered with something that is not JSON.', { details: { body: text.slice(0, 200) }, cause: error });
  }
}

function errorMessageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return text.trim() === '' ? undefined : text.trim().slice(0, 200);
  }
}
