import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MlPatternsReportScorer } from './MlPatternsReportScorer';

describe('MlPatternsReportScorer with local sources', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-scorer-local-'));
    for (const repo of ['a', 'b']) {
      fs.mkdirSync(path.join(root, repo, '.git'), { recursive: true });
      fs.writeFileSync(path.join(root, repo, 'catalog-info.yaml'), '');
      fs.writeFileSync(
        path.join(root, repo, 'requirements.txt'),
        'scikit-learn==1.4.2\n',
      );
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const entity = (name: string, catalogRepo: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${path.join(
          root,
          catalogRepo,
          'catalog-info.yaml',
        )}`,
        // Both name repository b's folder.
        'backstage.io/source-location': `dir:${path.join(root, 'b')}/`,
      },
    },
    spec: { type: 'model-server', owner: 'group:default/recsys' },
  });

  it("never hands one catalog file's entity the evidence another repository's entity read", async () => {
    const config = new ConfigReader({ mlPatterns: { localRoots: [root] } });
    const logger = mockServices.logger.mock();
    const scorer = MlPatternsReportScorer.create({
      config,
      logger,
      urlReader: UrlReaders.default({ config, logger }),
      catalog: catalogServiceMock({ entities: [] }),
    });
    const credentials = mockCredentials.user();
    const own = await scorer.score(entity('b-server', 'b'), { credentials });
    expect(own?.evidenceSource.status).toBe('ok');
    // Within the seconds a read is shared: a's catalog file may not read b.
    const foreign = await scorer.score(entity('a-server', 'a'), {
      credentials,
    });
    expect(foreign?.evidenceSource.status).toBe('unavailable');
    expect(foreign?.grade).toBeNull();
  });
});
