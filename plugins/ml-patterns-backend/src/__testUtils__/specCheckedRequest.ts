import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { spec } from '../schema/generated/openapiSpec';

/** Where the backend mounts the plugin's routes. */
const PLUGIN_BASE_PATH = '/api/ml-patterns';

/** The spec's component schemas, as one JSON Schema document. */
const COMPONENTS_ID = 'ml-patterns-openapi-components';

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}
interface OperationObject {
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, ResponseObject>;
  };
}

const doc = spec as unknown as OpenApiDocument;

/**
 * OpenAPI schemas point at `#/components/schemas/X` of the whole document;
 * in the components document they are `$defs`.
 */
function withComponentRefs(schema: unknown): unknown {
  return JSON.parse(
    JSON.stringify(schema).replaceAll(
      '"#/components/schemas/',
      `"${COMPONENTS_ID}#/$defs/`,
    ),
  );
}

// OpenAPI 3.1 schemas are JSON Schema 2020-12. Strict: a typo in the spec's
// schemas fails here instead of passing every body.
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
});
addFormats(ajv);
ajv.addSchema({
  $id: COMPONENTS_ID,
  $defs: withComponentRefs(doc.components.schemas),
});

const validators = new Map<string, ValidateFunction>();

function findOperation(method: string, pathname: string) {
  const segments = pathname.split('/');
  for (const [template, item] of Object.entries(doc.paths)) {
    const parts = template.split('/');
    const matches =
      parts.length === segments.length &&
      parts.every((part, i) =>
        part.startsWith('{') && part.endsWith('}')
          ? segments[i] !== ''
          : part === segments[i],
      );
    const operation = item[method];
    if (matches && operation) {
      return { template, operation };
    }
  }
  return undefined;
}

function resolveResponse(
  response: ResponseObject | { $ref: string },
): ResponseObject {
  if (!('$ref' in response)) {
    return response;
  }
  const name = response.$ref.replace('#/components/responses/', '');
  const resolved = doc.components.responses[name];
  if (!resolved) {
    throw new Error(`The spec has no response ${response.$ref}`);
  }
  return resolved;
}

/** What of a response the spec says something about. */
export interface SpecCheckedResponse {
  status: number;
  /** The media type, without parameters (`application/json`). */
  type: string;
  body: unknown;
}

/**
 * Throws unless the response is one the OpenAPI spec allows for this
 * request: a documented operation, a documented status (or `default`), and
 * a JSON body matching that status's schema.
 */
export function assertResponseMatchesSpec(
  method: string,
  url: string,
  response: SpecCheckedResponse,
): void {
  const { pathname } = new URL(url, 'http://localhost');
  const path = pathname.startsWith(`${PLUGIN_BASE_PATH}/`)
    ? pathname.slice(PLUGIN_BASE_PATH.length)
    : pathname;
  const request_ = `${method.toUpperCase()} ${path}`;
  const found = findOperation(method.toLowerCase(), path);
  if (!found) {
    throw new Error(`${request_}: no such operation in the OpenAPI spec`);
  }
  const { template, operation } = found;
  const statusKey =
    String(response.status) in operation.responses
      ? String(response.status)
      : 'default';
  const documented = operation.responses[statusKey];
  if (!documented) {
    throw new Error(
      `${request_}: status ${response.status} is not in the OpenAPI spec`,
    );
  }
  const schema =
    resolveResponse(documented).content?.['application/json']?.schema;
  if (!schema) {
    throw new Error(
      `${request_}: the OpenAPI spec has no JSON body for status ${statusKey}`,
    );
  }
  if (response.type !== 'application/json') {
    throw new Error(
      `${request_}: status ${response.status} answered ${
        response.type || 'no content type'
      }, the spec says application/json`,
    );
  }
  const key = `${method} ${template} ${statusKey}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(withComponentRefs(schema) as object);
    validators.set(key, validate);
  }
  if (!validate(response.body)) {
    throw new Error(
      `${request_}: the ${
        response.status
      } body does not match the OpenAPI spec: ${ajv.errorsText(
        validate.errors,
        { dataVar: 'body' },
      )}`,
    );
  }
}

/**
 * `supertest`'s `request(app)`, but every response must match the OpenAPI
 * spec: one that does not fails the request with what is wrong.
 */
export function specCheckedRequest(app: Parameters<typeof request>[0]) {
  return {
    get: (url: string) =>
      request(app)
        .get(url)
        .expect(res => assertResponseMatchesSpec('get', url, res)),
  };
}
