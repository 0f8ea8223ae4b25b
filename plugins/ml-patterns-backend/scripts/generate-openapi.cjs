#!/usr/bin/env node
/*
 * Writes what is generated from src/schema/openapi.yaml:
 *
 * - src/schema/generated/openapiSpec.ts: the spec as a TypeScript constant,
 *   from which the router's request and response types are inferred
 *   (`createValidatedOpenApiRouter` of @backstage/backend-openapi-utils);
 * - ../ml-patterns/src/api/generated/openapi.ts: the spec's types for the
 *   frontend, by openapi-typescript; its client and its tests' msw handlers
 *   are typed from them.
 *
 * No Java-based code generator is involved.
 *
 *   node scripts/generate-openapi.cjs          write both files
 *   node scripts/generate-openapi.cjs --check  exit 1 if either is stale
 */
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const prettier = require('prettier');
const YAML = require('yaml');
const { default: openapiTS, astToString } = require('openapi-typescript');

const root = path.resolve(__dirname, '..');
const specPath = path.join(root, 'src/schema/openapi.yaml');

function header(source, command) {
  return `// GENERATED FILE: do not edit it by hand.
// ${source}
// Run \`yarn generate:openapi\` in ${command} to regenerate it.

`;
}

async function specConstant() {
  const spec = YAML.parse(fs.readFileSync(specPath, 'utf8'));
  return `${header(
    'src/schema/openapi.yaml as a constant; the router is typed from it.',
    'this package',
  )}export const spec = ${JSON.stringify(spec, null, 2)} as const;
`;
}

async function frontendTypes() {
  const ast = await openapiTS(pathToFileURL(specPath), { silent: true });
  return `${header(
    'By openapi-typescript from plugins/ml-patterns-backend/src/schema/openapi.yaml.',
    'plugins/ml-patterns-backend',
  )}${astToString(ast)}`;
}

const outputs = [
  { file: 'src/schema/generated/openapiSpec.ts', generate: specConstant },
  {
    file: '../ml-patterns/src/api/generated/openapi.ts',
    generate: frontendTypes,
  },
];

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const { file, generate } of outputs) {
    const target = path.join(root, file);
    const options = await prettier.resolveConfig(target);
    const text = prettier.format(await generate(), {
      ...options,
      parser: 'typescript',
    });
    const current = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : undefined;
    if (check) {
      if (current !== text) stale.push(file);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `Not what src/schema/openapi.yaml gives: ${stale.join(
        ', ',
      )}. Run \`yarn generate:openapi\` in plugins/ml-patterns-backend.`,
    );
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
