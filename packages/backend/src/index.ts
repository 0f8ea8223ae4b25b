/*
 * The example Backstage backend for ml-patterns: catalog (with the
 * ml-patterns processor), guest auth, allow-all permissions, the
 * ml-patterns REST API and its actions over MCP.
 */
import { createBackend } from '@backstage/backend-defaults';
import { apiFeatures, appFeature } from './features';

const backend = createBackend();
backend.add(appFeature);
for (const feature of apiFeatures) {
  backend.add(feature);
}
backend.start();
