import { mockApis, MockFetchApi, TestApiProvider } from '@backstage/test-utils';
import { PropsWithChildren } from 'react';
import { MlPatternsClient, mlPatternsApiRef } from '../api';

/** The real client, talking to msw through the test discovery API. */
export function createTestClient() {
  return new MlPatternsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
}

export const TestApis = ({ children }: PropsWithChildren<{}>) => (
  <TestApiProvider apis={[[mlPatternsApiRef, createTestClient()]]}>
    {children}
  </TestApiProvider>
);
