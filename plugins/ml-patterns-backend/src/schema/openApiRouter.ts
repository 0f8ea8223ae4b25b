import {
  ApiRouter,
  createValidatedOpenApiRouter,
} from '@backstage/backend-openapi-utils';
import { spec } from './generated/openapiSpec';

/** The API as `src/schema/openapi.yaml` describes it. */
export type MlPatternsOpenApi = typeof spec;

/**
 * An express router whose routes are typed from the spec (path and query
 * parameters, response bodies) and whose requests are validated against it.
 */
export function createOpenApiRouter(): ApiRouter<MlPatternsOpenApi> {
  return createValidatedOpenApiRouter<MlPatternsOpenApi>(spec);
}
