import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRefParams } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { sourceFileRouteRef } from '../../routes';
import { SourceLines } from './SourceLines';

function parseLine(value: string | null): number | undefined {
  const line = Number(value);
  return Number.isInteger(line) && line > 0 ? line : undefined;
}

/**
 * A file of an entity's local evidence folder, with the evidence line
 * marked: where the card's evidence links of local sources lead.
 *
 * @public
 */
export const SourceFilePage = () => {
  const api = useApi(mlPatternsApiRef);
  const { kind, namespace, name } = useRouteRefParams(sourceFileRouteRef);
  const [searchParams] = useSearchParams();
  const path = searchParams.get('path') ?? '';
  const line = parseLine(searchParams.get('line'));
  const entityRef = `${kind}:${namespace}/${name}`;
  const { loading, error, value } = useAsync(
    () => api.getSourceFile(entityRef, path),
    [api, entityRef, path],
  );

  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <ResponseErrorPanel
        error={error ?? new Error('The source file was empty')}
      />
    );
  } else {
    body = (
      <>
        <Typography variant="body2" color="textSecondary" paragraph>
          From <code>{value.location}</code>
          {line ? `, line ${line}` : ''}
        </Typography>
        {value.truncated && (
          <Alert severity="info">
            Only the beginning of this {value.size.toLocaleString('en-US')}
            -byte file is shown.
          </Alert>
        )}
        <SourceLines content={value.content} path={value.path} line={line} />
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title={path || 'Source file'}
        subtitle="ML anti-patterns evidence"
      />
      <Content>
        <ContentHeader title="Evidence">
          <Typography variant="body2">
            Source of <EntityRefLink entityRef={entityRef} />
          </Typography>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
};
