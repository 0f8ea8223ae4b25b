import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createOpenApiHttp } from 'openapi-msw';
import type { paths } from '../api/generated/openapi';
import { BASE_URL } from './fixtures';

/**
 * msw's `http`, typed from the backend's OpenAPI spec: handlers take the
 * spec's path templates (`/v1/scorecards/{groupRef}/history`), and
 * `response(status).json(body)` accepts only the body the spec gives that
 * status, so the mocked backend cannot drift from the real one. Statuses the
 * spec leaves to `default` (its error body) are `response('default')` with
 * the status in the options.
 */
export const specHttp = createOpenApiHttp<paths>({ baseUrl: BASE_URL });

/**
 * Whether the path parameters of an entity route name this entity (or entity
 * ref). A handler answers `undefined` for other entities, which leaves them
 * unhandled, as a handler of the entity's own URL would.
 */
export function namesEntity(
  params: { kind: string; namespace: string; name: string },
  entity: Entity | string,
): boolean {
  const wanted = typeof entity === 'string' ? parseEntityRef(entity) : entity;
  return stringifyEntityRef(params) === stringifyEntityRef(wanted);
}
