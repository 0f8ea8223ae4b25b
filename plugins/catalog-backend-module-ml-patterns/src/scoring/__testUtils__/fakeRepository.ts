import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';

/** The repository a {@link fakeRepositoryReader} serves: its commit and files. */
export interface FakeRepository {
  sha: string;
  files: Array<[path: string, content: string]>;
}

/**
 * A UrlReader that serves `repository`'s tree at any URL, as Backstage's
 * SCM readers do: a read with the ETag of the current commit is answered
 * with a `NotModifiedError`, any other downloads the tree. `counts.status`
 * counts the reads (each asks the SCM about the commit), `counts.archive`
 * the downloads.
 */
export function fakeRepositoryReader(repository: FakeRepository) {
  const counts = { archive: 0, status: 0 };
  const urlReader = mockServices.urlReader.mock({
    async readTree(_url, options) {
      counts.status += 1;
      if (options?.etag === repository.sha) {
        throw new NotModifiedError();
      }
      counts.archive += 1;
      const files = repository.files.filter(
        ([path, content]) =>
          !options?.filter ||
          options.filter(path, { size: Buffer.byteLength(content) }),
      );
      return {
        etag: repository.sha,
        files: async () =>
          files.map(([path, content]) => ({
            path,
            content: async () => Buffer.from(content),
          })),
        archive: async () => {
          throw new Error('not served by the fake reader');
        },
        dir: async () => {
          throw new Error('not served by the fake reader');
        },
      };
    },
  });
  return { urlReader, counts };
}
