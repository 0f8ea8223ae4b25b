import { namesRef, repositoryNameOf } from './RepositoryUrlScorer';

describe('repositoryNameOf', () => {
  it.each([
    ['https://github.com/acme/recsys', 'recsys'],
    ['https://github.com/acme/recsys.git', 'recsys'],
    ['https://github.com/acme/recsys/tree/main/serving', 'recsys'],
    ['https://gitlab.com/acme/ml/ranker/-/tree/v2/svc', 'ranker'],
    ['https://bitbucket.org/acme/churn/src/main/', 'churn'],
    ['https://dev.azure.com/acme/ml/_git/forecast?path=/svc', 'forecast'],
    ['https://github.com/acme/My%20Model!', 'My-Model'],
    ['https://github.com/acme/bad%E0%A4%A', 'bad-E0-A4-A'],
    ['https://github.com/', 'repository'],
  ])('names %s %s', (url, name) => {
    expect(repositoryNameOf(new URL(url))).toBe(name);
  });
});

describe('namesRef', () => {
  it.each([
    ['https://github.com/acme/recsys', false],
    ['https://github.com/acme/recsys/tree/main', true],
    ['https://gitlab.com/acme/ml/ranker/-/tree/v2/svc', true],
    ['https://bitbucket.org/acme/churn/src/main/', true],
    ['https://dev.azure.com/acme/ml/_git/forecast?version=GBmain', true],
  ])('%s: %s', (url, expected) => {
    expect(namesRef(new URL(url))).toBe(expected);
  });
});
