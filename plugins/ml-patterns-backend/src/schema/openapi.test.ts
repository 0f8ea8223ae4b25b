import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { spec } from './generated/openapiSpec';

describe('OpenAPI spec', () => {
  it('the generated TypeScript copy matches openapi.yaml (run `yarn generate:openapi`)', () => {
    const yaml = YAML.parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });

  it("every generated file, the frontend's types included, is what openapi.yaml gives (run `yarn generate:openapi`)", () => {
    const script = path.resolve(
      __dirname,
      '../../scripts/generate-openapi.cjs',
    );
    const { status, stderr } = spawnSync(
      process.execPath,
      [script, '--check'],
      { encoding: 'utf8' },
    );
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});
