import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * One Ray Serve application with two deployments of classes sharing a base
 * class whose `reconfigure` loads the model its `user_config` names; the
 * Serve config gives each deployment a different `model`. Ray hands each
 * deployment its own `user_config`: one load in the code, two models in
 * the one server group.
 */

const files = (second: string) => ({
  'requirements.txt': 'ray[serve]==2.9.0\ntransformers==4.40.0\n',
  'serve_app.py': text`
    from ray import serve
    from transformers import pipeline

    class Classifier:
        def reconfigure(self, config):
            self.name = config.get("model")
            self.pipe = pipeline("text-classification", model=self.name)

        async def __call__(self, text):
            return self.pipe(text)[0]

    @serve.deployment(name="reviews")
    class Reviews(Classifier):
        pass

    @serve.deployment(name="tickets")
    class Tickets(Classifier):
        pass

    @serve.deployment(name="router")
    class Router:
        def __init__(self, reviews, tickets):
            self.reviews = reviews
            self.tickets = tickets

        async def __call__(self, request):
            body = await request.json()
            target = self.tickets if body["kind"] == "ticket" else self.reviews
            return await target.remote(body["text"])

    app = Router.bind(Reviews.bind(), Tickets.bind())
  `,
  'serve_config.yaml': text`
    applications:
      - name: classify
        route_prefix: /classify
        import_path: serve_app:app
        deployments:
          - name: reviews
            user_config:
              model: acme/review-sentiment
          - name: tickets
            user_config:
              model: ${second}
          - name: router
            num_replicas: 1
  `,
});

describe('Ray Serve deployments configured with different models', () => {
  it('count the load their user_config names once per distinct value', () => {
    const result = allInOneOf(files('acme/ticket-triage'));
    expect(result.verdict).toBe('fail');
    expect(result.notes).toContainEqual(
      expect.stringContaining(
        'set per deployment in user_config.model (acme/review-sentiment, acme/ticket-triage)',
      ),
    );
    expect(result.at).toContain('serve_app.py:7');
  });

  it('count one model when every deployment names the same one', () => {
    const result = allInOneOf(files('acme/review-sentiment'));
    expect(result.verdict).toBe('pass');
  });
});
