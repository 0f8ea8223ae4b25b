import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';

/**
 * What a view of fetched data shows: a progress bar while it loads, the
 * error when it fails, `empty` when there is nothing to show (no value, or
 * one that `isEmpty` calls empty), and `children(value)` once there is.
 */
export function AsyncContent<T>(props: {
  state: { loading: boolean; error?: Error; value?: T };
  /** Whether a value holds nothing to show (without it, only no value is empty). */
  isEmpty?: (value: T) => boolean;
  /** The empty state's title and description. */
  empty: { title: string; description: string };
  children: (value: T) => JSX.Element;
}): JSX.Element {
  const { state, isEmpty, empty, children } = props;
  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return <ResponseErrorPanel error={state.error} />;
  }
  if (state.value === undefined || isEmpty?.(state.value)) {
    return (
      <EmptyState
        missing="data"
        title={empty.title}
        description={empty.description}
      />
    );
  }
  return children(state.value);
}
