/** One request a {@link fakeFetch} received. */
export type FakeRequest = {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
};

/** How a {@link fakeFetch} answers one request. */
export type FakeAnswer =
  | { readonly status: number; readonly body?: string; readonly json?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly networkError: string }
  | { readonly hang: true };

/**
 * A `fetch` that answers from a script, in order, and records requests. `hang` never
 * answers until the request is aborted, like a stalled server.
 */
export function fakeFetch(answers: readonly FakeAnswer[]): typeof fetch & { readonly requests: FakeRequest[] } {
  const queue = [...answers];
  const requests: FakeRequest[] = [];
  const implementation = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    requests.push({
      method: init.method ?? 'GET',
      url: input instanceof Request ? input.url : String(input),
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
    });
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`fakeFetch has no answer for request ${requests.length}`);
    if ('networkError' in answer) {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${answer.networkError}`), { code: answer.networkError }) });
    }
    if ('hang' in answer) {
      return new Promise((_resolve, reject) => {
        const abort = (): void => reject(new DOMException('This operation was aborted', 'AbortError'));
        if (init.signal?.aborted === true) abort();
        init.signal?.addEventListener('abort', abort, { once: true });
      });
    }
    const body = answer.json === undefined ? (answer.body ?? '') : JSON.stringify(answer.json);
    const responseHeaders = { ...(answer.json === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers };
    return new Response(answer.status === 204 ? null : body, { status: answer.status, headers: responseHeaders });
  };
  return Object.assign(implementation as typeof fetch, { requests });
}
