import type { z } from 'zod';
import type { ErrorCode } from '../../common/errors';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import type { paths } from './generated/flamenco-api';

/** The HTTP methods the Manager API uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** How failed requests are retried. */
export type RetryPolicy = {
  /** Total attempts including the first one. */
  readonly attempts: number;
  readonly baseDelayMilliseconds: number;
  readonly maxDelayMilliseconds: number;
};

/** Options of {@link HttpClient}. */
export type HttpClientOptions = {
  /** The Manager's base URL (`http://host:8080/`); a path prefix is kept for reverse proxies. */
  readonly baseUrl: string;
  /** Extra headers sent with every request (e.g. `Authorization: Bearer ...` for a proxy). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
  readonly timeoutMilliseconds?: number;
  readonly retry?: RetryPolicy;
};

/** The body of a request: JSON, or raw bytes/stream (Shaman uploads). */
export type RequestBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'raw'; readonly data: Uint8Array | ReadableStream<Uint8Array>; readonly contentType: string };

/** One request to the Manager. */
export type HttpRequest = {
  readonly method: HttpMethod;
  /** Path below the base URL, e.g. `/api/v3/jobs` (see {@link apiPath}). */
  readonly path: string;
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMilliseconds?: number;
  /** Cancels the request (gives a `canceled` error). */
  readonly signal?: AbortSignal;
  /**
   * Whether network failures, timeouts and 5xx answers are retried. Defaults to true for GET
   * (idempotent) and false otherwise; a 503 with Retry-After is retried for every method,
   * because the Manager answers it before doing anything (database busy).
   */
  readonly retry?: boolean;
};

/** A Manager's answer, body read as text. */
export type HttpResponse = {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly url: string;
};

/** The default retry policy: 4 attempts, 250 ms doubling up to 4 s, with full jitter. */
export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMilliseconds: 250, maxDelayMilliseconds: 4_000 };

/** The default timeout of one attempt. */
export const defaultTimeoutMilliseconds = 15_000;

/** Longest Retry-After honoured; longer waits become this so a UI never hangs for minutes. */
const maximumRetryAfterMilliseconds = 30_000;

type PathParameterNames<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParameterNames<Rest>
  : never;

/** The values a path template needs, e.g. `{ job_id: string }` for `/api/v3/jobs/{job_id}`. */
export type PathParameters<Template extends string> = { readonly [Name in PathParameterNames<Template>]: string | number };

/** Paths of the API that have an operation for `Method`. */
export type PathWith<Method extends HttpMethod> = {
  [Path in keyof paths]: NonNullable<paths[Path][Method]> extends never ? never : Path;
}[keyof paths];

type Operation<Path extends keyof paths, Method extends HttpMethod> = NonNullable<paths[Path][Method]>;

type RequestBodyOf<Path extends keyof paths, Method extends HttpMethod> = NonNullable<
  Operation<Path, Method> extends { requestBody?: infer Body } ? Body : never
>;

/** The JSON request body an operation takes (`never` when it takes none). */
export type JsonRequestBody<Path extends keyof paths, Method extends HttpMethod> = [RequestBodyOf<Path, Method>] extends [never]
  ? never
  : RequestBodyOf<Path, Method> extends { content: { 'application/json': infer Json } }
    ? Json
    : never;

/** Fills a path template of the API with URL-encoded values. */
export function apiPath<Template extends keyof paths>(template: Template, parameters: PathParameters<Template>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = (parameters as Readonly<Record<string, string | number>>)[name];
    if (value === undefined) throw new CoreError('invalid-argument', `Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * A typed request to one API operation: the compiler checks that the path has this method
 * and that the body has the shape the spec gives.
 */
export function endpoint<Method extends HttpMethod, Template extends PathWith<Method>>(
  method: Method,
  template: Template,
  parameters: PathParameters<Template>,
  ...body: [JsonRequestBody<Template, Method>] extends [never] ? [] : [JsonRequestBody<Template, Method>]
): HttpRequest {
  const path = apiPath(template, parameters);
  return body.length === 0 ? { method, path } : { method, path, body: { kind: 'json', value: body[0] } };
}

/**
 * A small request layer over `fetch` for one Manager: per-attempt timeouts, typed errors,
 * retries with exponential backoff and jitter, validated JSON. Shared with the Shaman client.
 */
export class HttpClient {
  /** Base URL with a trailing slash. */
  readonly baseUrl: URL;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly fetchFunction: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly timeoutMilliseconds: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: HttpClientOptions) {
    this.baseUrl = parseManagerUrl(options.baseUrl);
    this.headers = options.headers ?? {};
    this.fetchFunction = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.timeoutMilliseconds = options.timeoutMilliseconds ?? defaultTimeoutMilliseconds;
    this.retryPolicy = options.retry ?? defaultRetryPolicy;
  }

  /** The absolute URL of a path on this Manager. */
  url(path: string): URL {
    return new URL(path.replace(/^\/+/, ''), this.baseUrl);
  }

  /**
   * Sends a request and returns the answer whatever its status, after retries. Throws
   * `manager-unreachable`, `manager-timeout` or `canceled` when no answer came.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const retries = request.retry ?? request.method === 'get';
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= this.retryPolicy.attempts;
      let response: HttpResponse;
      try {
        response = await this.attempt(request);
      } catch (error) {
        if (!retries || last || !(error instanceof CoreError) || error.code === 'canceled') throw error;
        await this.wait(this.backoff(attempt), request.signal);
        continue;
      }
      if (last) return response;
      const retryAfter = response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), this.clock.now()) : undefined;
      if (retryAfter !== undefined) {
        await this.wait(Math.min(retryAfter, maximumRetryAfterMilliseconds), request.signal);
        continue;
      }
      if (retries && response.status >= 500) {
        await this.wait(this.backoff(attempt), request.signal);
        continue;
      }
      return response;
    }
  }

  /** Sends a request that answers JSON, validated by `schema`; any other answer is a typed error. */
  async json<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.send(request);
    if (response.status !== 200) throw errorForResponse(request, response);
    return parseJson(request, response, schema);
  }

  /** Like {@link json}, but 204 (nothing there yet) gives `undefined`. */
  async optionalJson<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<T | undefined> {
    const response = await this.send(request);
    if (response.status === 204) return undefined;
    if (response.status !== 200) throw errorForResponse(request, response);
    return parseJson(request, response, schema);
  }

  /** Sends a request whose success has no body of interest (any 2xx). */
  async empty(request: HttpRequest): Promise<void> {
    const response = await this.send(request);
    if (response.status < 200 || response.status > 299) throw errorForResponse(request, response);
  }

  /** Sends a request that answers plain text; 204 gives `undefined`. */
  async text(request: HttpRequest): Promise<string | undefined> {
    const response = await this.send(request);
    if (response.status === 204) return undefined;
    if (response.status !== 200) throw errorForResponse(request, response);
    return response.text;
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timeout = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMilliseconds ?? this.timeoutMilliseconds);
    const abortFromCaller = (): void => controller.abort();
    request.signal?.addEventListener('abort', abortFromCaller, { once: true });
    const url = this.url(request.path);
    try {
      if (request.signal?.aborted === true) throw new CoreError('canceled', `Request to ${url.href} was canceled`);
      const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...request.headers };
      const init: RequestInit & { duplex?: 'half' } = { method: request.method.toUpperCase(), headers, signal: controller.signal };
      if (request.body?.kind === 'json') {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(request.body.value);
      } else if (request.body?.kind === 'raw') {
        headers['content-type'] = request.body.contentType;
        init.body = request.body.data;
        // Node's fetch needs half duplex to stream a request body.
        if (!(request.body.data instanceof Uint8Array)) init.duplex = 'half';
      }
      const response = await this.fetchFunction(url, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, url: url.href };
    } catch (error) {
      if (error instanceof CoreError) throw error;
      if (timedOut) {
        throw new CoreError('manager-timeout', `The Manager at ${this.baseUrl.href} did not answer ${request.method.toUpperCase()} ${request.path} in time`, {
          details: { url: url.href },
          cause: error,
        });
      }
      if (request.signal?.aborted === true) throw new CoreError('canceled', `Request to ${url.href} was canceled`, { cause: error });
      throw new CoreError('manager-unreachable', unreachableMessage(this.baseUrl, error), {
        details: { url: url.href, ...(networkErrorCode(error) === undefined ? {} : { cause: networkErrorCode(error) }) },
        cause: error,
      });
    } finally {
      timeout.cancel();
      request.signal?.removeEventListener('abort', abortFromCaller);
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retryPolicy.maxDelayMilliseconds, this.retryPolicy.baseDelayMilliseconds * 2 ** (attempt - 1));
    // "Equal jitter": at least half the ceiling, so retries never hammer the Manager.
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  private wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new CoreError('canceled', 'Request was canceled'));
        return;
      }
      const onAbort = (): void => {
        timer.cancel();
        reject(new CoreError('canceled', 'Request was canceled'));
      };
      const timer = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, milliseconds);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Checks a user-typed Manager URL and returns it with a trailing slash. Only http and https
 * are accepted; a path prefix (reverse proxy) is kept.
 */
export function parseManagerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CoreError('invalid-argument', `"${text}" is not a URL; expected something like http://farm.local:8080/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CoreError('invalid-argument', `"${text}" is not an http or https URL; expected something like http://farm.local:8080/`);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Parses and validates a JSON answer; bad JSON or shape gives a typed error. */
export function parseJson<T>(request: HttpRequest, response: HttpResponse, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(response.text) as unknown;
  } catch (error) {
    if (looksLikeHtml(response)) {
      throw new CoreError('manager-not-flamenco', `${response.url} answered a web page instead of the Flamenco API; is this the Manager's address?`, {
        status: response.status,
        details: { url: response.url },
      });
    }
    throw new CoreError('manager-invalid-response', `The Manager answered ${describe(request)} with something that is not JSON`, {
      status: response.status,
      details: { url: response.url, body: snippet(response.text) },
      cause: error,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CoreError('manager-invalid-response', `The Manager's answer to ${describe(request)} has an unexpected shape (${issues.join('; ')})`, {
      status: response.status,
      details: { url: response.url, issues },
    });
  }
  return parsed.data;
}

/**
 * The typed error for a non-success answer. Handlers answer `{code, message}`; validation
 * errors raised before a handler answer `{message}` only (MANAGER-FACTS "Errors").
 */
export function errorForResponse(request: HttpRequest, response: HttpResponse): CoreError {
  const managerMessage = errorMessageOf(response.text);
  if (managerMessage === undefined && response.status === 404 && !looksLikeJson(response.text)) {
    return new CoreError('manager-not-flamenco', `${response.url} was not found and the answer is not from the Flamenco API; is this the Manager's address?`, {
      status: 404,
      details: { url: response.url },
    });
  }
  const code: ErrorCode = 'manager-http';
  const reason = managerMessage ?? (snippet(response.text) || `HTTP ${response.status}`);
  return new CoreError(code, `The Manager refused ${describe(request)}: ${reason} (HTTP ${response.status})`, {
    status: response.status,
    details: { url: response.url, ...(managerMessage === undefined ? {} : { managerMessage }) },
  });
}

/** The `message` of a Manager error body, if the body is one. */
export function errorMessageOf(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string') return value.message;
  } catch {
    return undefined;
  }
  return undefined;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function looksLikeHtml(response: HttpResponse): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.includes('text/html') || /^\s*</.test(response.text);
}

function describe(request: HttpRequest): string {
  return `${request.method.toUpperCase()} ${request.path}`;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

function unreachableMessage(baseUrl: URL, error: unknown): string {
  const code = networkErrorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing answers at ${baseUrl.href} (connection refused); is the Manager running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${baseUrl.hostname} cannot be found; check the Manager's address`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `The connection to ${baseUrl.href} was dropped`;
    default:
      return `Cannot reach the Manager at ${baseUrl.href}${code === undefined ? '' : ` (${code})`}`;
  }
}

/** True when `code` is one of the errors that mean the Manager could not be talked to. */
export function isUnreachable(code: ErrorCode): boolean {
  return code === 'manager-unreachable' || code === 'manager-timeout';
}
