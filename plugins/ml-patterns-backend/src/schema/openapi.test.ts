import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { spec } from './openapi/generated';

describe('OpenAPI spec', () => {
  it('the generated TypeScript copy matches openapi.yaml (run `yarn generate:openapi`)', () => {
    const yaml = YAML.parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});
