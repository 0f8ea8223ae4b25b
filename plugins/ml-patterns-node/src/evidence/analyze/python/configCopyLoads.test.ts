import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A copy of a configuration section (`dict(config["model"])`) holds what
 * the section holds: a hub id read from it is the configuration's, so a
 * deployment that fetches that id from the hub when it is configured gets
 * its model at start.
 */
describe('a model id read from a copy of a configuration section', () => {
  const deployment = (section: string) => text`
    import timm
    from ray import serve

    @serve.deployment
    class Encoder:
        def reconfigure(self, config):
            settings = ${section}
            self.model = timm.create_model(f"hf-hub:{settings['repo_id']}", pretrained=True)

        async def __call__(self, request):
            return self.model(await request.json())

    app = Encoder.bind()
  `;
  const serveConfig = text`
    applications:
      - name: encoder
        import_path: encoder:app
        deployments:
          - name: Encoder
            user_config:
              model:
                repo_id: pathology-lab/tile-encoder
  `;

  it.each(['dict(config["model"])', 'config["model"]'])(
    'is Model-load, naming the configuration key: %s',
    section => {
      const result = release({
        'encoder.py': deployment(section),
        'serve_config.yaml': serveConfig,
      });
      expect(result.pattern).toBe('model-load');
      expect(result.evidence.modelLoaders).toEqual([
        expect.objectContaining({
          path: 'encoder.py',
          line: 8,
          call: 'timm.create_model',
          configKey: 'config["model"]["repo_id"]',
          downloads: true,
        }),
      ]);
    },
  );
});
