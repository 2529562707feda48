import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The Flamenco 3.9 OpenAPI spec, loaded once and compiled with Ajv, so the Manager double can
 * check every request it receives and every response and event it sends.
 *
 * The yaml beside this file is a copy of `pkg/api/flamenco-openapi.yaml` at Flamenco commit
 * cf286e71 (3.9-beta1), the same file `electron/core/flamenco/generated/` is generated from.
 */
export const specFile = fileURLToPath(new URL('./flamenco-openapi.yaml', import.meta.url));

/** One place where traffic did not match the spec. */
export type SpecViolation = {
  readonly direction: 'request' | 'response' | 'event';
  readonly method?: string;
  readonly path?: string;
  readonly operationId?: string;
  readonly status?: number;
  readonly event?: string;
  readonly message: string;
};

/** The body of a request or response as the validator sees it. */
export type SpecBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'binary' };

type JsonObject = Record<string, unknown>;

/** A schema check returning readable problems (empty = valid); compiled on first use. */
type Check = (value: unknown, where: string) => string[];

type Parameter = {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly validate: Check;
  readonly schemaType: string | undefined;
};

type ResponseSpec = {
  /** Content types with a compiled schema; empty = the spec says "no body". */
  readonly content: ReadonlyMap<string, Check>;
};

/** One operation of the spec: method + path template. */
export type SpecOperation = {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody:
    | { readonly required: boolean; readonly contentTypes: readonly string[]; readonly json: Check | undefined }
    | undefined;
  readonly responses: ReadonlyMap<string, ResponseSpec>;
};

/** Result of matching a request line against the spec's paths. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly operation: SpecOperation; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed' };

/**
 * Places where the real Manager deliberately differs from its own spec. The double behaves
 * like the Manager (MANAGER-FACTS.md: "the Manager wins"), so the spec is patched here, in
 * one visible list, instead of silencing violations ad hoc.
 */
function patchSpecToMatchManager(document: JsonObject): void {
  const schemas = getObject(getObject(document, 'components'), 'schemas');

  // GetVariables (api_impl/meta.go) only fills `value` and `is_twoway`; the spec lists a
  // `name` in `required` that is not even a declared property.
  dropRequired(getObject(schemas, 'ManagerVariable'), 'name');
  // FetchJobTasks (api_impl/jobs_query.go) answers `{tasks: [...]}`; the spec requires `jobs`.
  const summary = getObject(schemas, 'JobTasksSummary');
  summary['required'] = ['tasks'];
  // NewLastRenderedUpdate (eventbus/events_jobs.go) never sets a task ID.
  dropRequired(getObject(schemas, 'EventLastRenderedUpdate'), 'task_id');
  // The job deleter's "was deleted" event carries only id + was_deleted; `status` is Go's
  // zero value "" (job_deleter.go, deleteJob).
  const jobEventProperties = getObject(getObject(schemas, 'EventJobUpdate'), 'properties');
  jobEventProperties['status'] = { anyOf: [jobEventProperties['status'], { type: 'string', enum: [''] }] };
  // lastRenderedInfoForJob answers `base` = "/job-files/<relative path>": a path, not a URL.
  const base = getObject(getObject(getObject(schemas, 'JobLastRenderedImageInfo'), 'properties'), 'base');
  delete base['format'];

  const paths = getObject(document, 'paths');
  // ShamanFileStore returns nil after storing the blob, so echo answers 200 with an empty
  // body; the spec says 204 (MANAGER-FACTS.md, Shaman section).
  const store = getObject(getObject(getObject(paths, '/api/v3/shaman/files/{checksum}/{filesize}'), 'post'), 'responses');
  store['200'] = { description: 'Manager quirk: upload stored, empty body' };
  // A size or checksum mismatch is answered with sendAPIError(417, ...): an `Error` body
  // where the spec documents none.
  // Handlers answer errors through sendAPIError whether or not the operation documents a
  // `default` response (e.g. fetchJob's 404 "no such job"), so every operation gets one.
  for (const pathItem of Object.values(paths)) {
    for (const [key, operation] of Object.entries(pathItem as JsonObject)) {
      if (key === 'parameters' || typeof operation !== 'object' || operation === null) continue;
      const responses = getObject(operation as JsonObject, 'responses');
      responses['default'] ??= { description: 'Manager quirk', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
  }
  store['417'] = { description: 'Manager quirk', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function getObject(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`OpenAPI spec: expected an object at "${key}"`);
  }
  return value as JsonObject;
}

function dropRequired(schema: JsonObject, name: string): void {
  const required = schema['required'];
  if (Array.isArray(required)) schema['required'] = required.filter((entry) => entry !== name);
}

/**
 * Turns an OpenAPI 3.0 schema into JSON Schema Ajv understands: `nullable` becomes a `null`
 * type, component `$ref`s point into the single registered document.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      result[key] = value.replace('#/components/schemas/', `${documentId}#/definitions/`);
      continue;
    }
    result[key] = toJsonSchema(value);
  }
  const nullable = (schema as JsonObject)['nullable'] === true;
  if (nullable) {
    const type = result['type'];
    if (typeof type === 'string') result['type'] = [type, 'null'];
    else if (result['$ref'] !== undefined || result['allOf'] !== undefined) return { anyOf: [result, { type: 'null' }] };
  }
  return result;
}

const documentId = 'flamenco-openapi';
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function formatErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${where}${error.instancePath} ${error.message ?? 'is invalid'}`);
}

/** A compiled, queryable view of the spec. Build it with {@link loadOpenApiSpec}. */
export class OpenApiSpec {
  readonly operations: readonly SpecOperation[];
  private readonly ajv: Ajv;
  private readonly routes: readonly { readonly pattern: RegExp; readonly names: readonly string[]; readonly byMethod: ReadonlyMap<string, SpecOperation> }[];
  private readonly schemaValidators = new Map<string, Check>();

  constructor(document: JsonObject) {
    patchSpecToMatchManager(document);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // WorkerSleepSchedule times; the Manager parses them itself and answers 400 when wrong.
    this.ajv.addFormat('HH:MM', /^\d{1,2}:\d{2}$/);
    this.ajv.addFormat('PNG', true);
    const schemas = getObject(getObject(document, 'components'), 'schemas');
    this.ajv.addSchema({ $id: documentId, definitions: toJsonSchema(schemas) });

    const operations: SpecOperation[] = [];
    const routes: { pattern: RegExp; names: string[]; byMethod: Map<string, SpecOperation>; literalCount: number }[] = [];
    for (const [template, pathItemUnknown] of Object.entries(getObject(document, 'paths'))) {
      const pathItem = pathItemUnknown as JsonObject;
      const shared = Array.isArray(pathItem['parameters']) ? (pathItem['parameters'] as JsonObject[]) : [];
      const byMethod = new Map<string, SpecOperation>();
      for (const method of methods) {
        const raw = pathItem[method];
        if (raw === undefined) continue;
        const operation = this.compileOperation(method.toUpperCase(), template, raw as JsonObject, shared);
        byMethod.set(operation.method, operation);
        operations.push(operation);
      }
      const names: string[] = [];
      const source = template
        .split('/')
        .map((segment) => {
          const parameter = /^\{(.+)\}$/.exec(segment);
          if (parameter?.[1] === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(parameter[1]);
          return '([^/]+)';
        })
        .join('/');
      routes.push({ pattern: new RegExp(`^${source}$`), names, byMethod, literalCount: template.split('/').length - names.length });
    }
    // Literal segments win over parameters: `/jobs/types` before `/jobs/{job_id}`.
    routes.sort((left, right) => left.names.length - right.names.length || right.literalCount - left.literalCount);
    this.routes = routes;
    this.operations = operations;
  }

  /** Compiling every schema up front costs about half a second; most tests touch a few. */
  private lazy(schema: JsonObject): Check {
    let compiled: ValidateFunction | undefined;
    return (value, where) => {
      compiled ??= this.ajv.compile(schema);
      return compiled(value) ? [] : formatErrors(where, compiled.errors);
    };
  }

  private compileOperation(method: string, template: string, raw: JsonObject, shared: readonly JsonObject[]): SpecOperation {
    const operationId = typeof raw['operationId'] === 'string' ? raw['operationId'] : `${method} ${template}`;
    const own = Array.isArray(raw['parameters']) ? (raw['parameters'] as JsonObject[]) : [];
    const parameters = [...shared, ...own].map((parameter): Parameter => {
      const schema = (parameter['schema'] ?? {}) as JsonObject;
      const converted = toJsonSchema(schema) as JsonObject;
      let schemaType = typeof schema['type'] === 'string' ? schema['type'] : undefined;
      if (schemaType === undefined && typeof schema['$ref'] === 'string') schemaType = 'string';
      return {
        name: String(parameter['name']),
        in: parameter['in'] as Parameter['in'],
        required: parameter['required'] === true,
        validate: this.lazy(converted),
        schemaType,
      };
    });
    let requestBody: SpecOperation['requestBody'];
    const body = raw['requestBody'] as JsonObject | undefined;
    if (body !== undefined) {
      const content = (body['content'] ?? {}) as JsonObject;
      const json = content['application/json'] as JsonObject | undefined;
      requestBody = {
        required: body['required'] === true,
        contentTypes: Object.keys(content),
        json: json?.['schema'] === undefined ? undefined : this.lazy(toJsonSchema(json['schema']) as JsonObject),
      };
    }
    const responses = new Map<string, ResponseSpec>();
    for (const [status, responseUnknown] of Object.entries((raw['responses'] ?? {}) as JsonObject)) {
      const content = new Map<string, Check>();
      const rawContent = ((responseUnknown as JsonObject)['content'] ?? {}) as JsonObject;
      for (const [contentType, media] of Object.entries(rawContent)) {
        const schema = (media as JsonObject)['schema'] ?? {};
        content.set(contentType, this.lazy(toJsonSchema(schema) as JsonObject));
      }
      responses.set(status, { content });
    }
    return { operationId, method, template, parameters, requestBody, responses };
  }

  /** Finds the operation for a request line; literal path segments win over parameters. */
  match(method: string, pathname: string): RouteMatch {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (found === null) continue;
      pathMatched = true;
      const operation = route.byMethod.get(method.toUpperCase());
      if (operation === undefined) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { kind: 'found', operation, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }

  /** Checks parameters and body of a request; returns human-readable problems, empty = valid. */
  validateRequest(
    operation: SpecOperation,
    request: {
      readonly params: Readonly<Record<string, string>>;
      readonly query: URLSearchParams;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      readonly contentType: string | undefined;
      readonly body: SpecBody;
    },
  ): string[] {
    const problems: string[] = [];
    for (const parameter of operation.parameters) {
      let raw: string | undefined;
      if (parameter.in === 'path') raw = request.params[parameter.name];
      else if (parameter.in === 'query') raw = request.query.get(parameter.name) ?? undefined;
      else if (parameter.in === 'header') {
        const value = request.headers[parameter.name.toLowerCase()];
        raw = Array.isArray(value) ? value.join(', ') : value;
      } else continue;
      if (raw === undefined) {
        if (parameter.required) problems.push(`parameter "${parameter.name}" in ${parameter.in} has an error: value is required but missing`);
        continue;
      }
      const value = coerce(raw, parameter.schemaType);
      if (value === undefined || parameter.validate(value, parameter.name).length > 0) {
        problems.push(`parameter "${parameter.name}" in ${parameter.in} has an error: value ${raw}: an invalid ${parameter.schemaType ?? 'value'}`);
      }
    }
    const body = operation.requestBody;
    if (body === undefined) return problems;
    if (request.body.kind === 'none') {
      // Checked against a real 3.9 Manager: an empty binary body (a 0-byte Shaman upload)
      // is accepted and stored; only a missing JSON body is refused.
      if (body.required && body.json !== undefined) problems.push('request body has an error: value is required but missing');
      return problems;
    }
    const mediaType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!body.contentTypes.includes(mediaType)) {
      problems.push(`request body has an error: header Content-Type has unexpected value: "${mediaType}"`);
      return problems;
    }
    // Wording after kin-openapi, which the Manager's validation middleware uses.
    if (request.body.kind === 'json' && body.json !== undefined) {
      problems.push(...body.json(request.body.value, 'request body has an error: doesn\'t match schema: at body'));
    }
    return problems;
  }

  /** Checks a response against the documented status (or `default`) and its content. */
  validateResponse(operation: SpecOperation, status: number, contentType: string | undefined, body: SpecBody): string[] {
    const response = operation.responses.get(String(status)) ?? operation.responses.get('default');
    if (response === undefined) return [`status ${status} is not documented for ${operation.operationId}`];
    if (response.content.size === 0) {
      return body.kind === 'none' ? [] : [`status ${status} of ${operation.operationId} must have no body`];
    }
    if (body.kind === 'none') return [`status ${status} of ${operation.operationId} must have a body`];
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const validate = response.content.get(mediaType);
    if (validate === undefined) {
      return [`Content-Type "${mediaType}" is not documented for status ${status} of ${operation.operationId}`];
    }
    const value = body.kind === 'json' || body.kind === 'text' ? body.value : undefined;
    return validate(value, 'response body');
  }

  /** Validates a value against a named component schema (used for Socket.IO payloads). */
  validateSchema(name: string, value: unknown): string[] {
    let validate = this.schemaValidators.get(name);
    if (validate === undefined) {
      validate = this.lazy({ $ref: `${documentId}#/definitions/${name}` });
      this.schemaValidators.set(name, validate);
    }
    return validate(value, name);
  }
}

/** Go's strconv.ParseBool, which the Manager's validator uses for boolean parameters. */
export function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

function coerce(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    case 'boolean':
      return parseGoBool(raw);
    default:
      return raw;
  }
}

let cached: OpenApiSpec | undefined;

/** Loads and compiles the spec once per process (compiling takes a noticeable fraction of a second). */
export function loadOpenApiSpec(): OpenApiSpec {
  cached ??= new OpenApiSpec(parse(readFileSync(specFile, 'utf8')) as JsonObject);
  return cached;
}
