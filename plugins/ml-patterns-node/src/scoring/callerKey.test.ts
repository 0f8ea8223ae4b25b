import { mockCredentials } from '@backstage/backend-test-utils';
import { callerKey } from './callerKey';

describe('callerKey', () => {
  it('keys users by entity ref and services by subject', () => {
    expect(callerKey(mockCredentials.user('user:default/jane'))).toBe(
      'user:user:default/jane',
    );
    expect(callerKey(mockCredentials.service('plugin:catalog'))).toBe(
      'service:plugin:catalog',
    );
    expect(callerKey(mockCredentials.none())).toBeUndefined();
  });
});
