import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { createContext, PropsWithChildren, useContext } from 'react';
import { sourceFileRouteRef } from '../../routes';

/** The link an evidence item opens, if any. */
export type EvidenceLinker = (item: EvidenceItem) => string | undefined;

/** SCM evidence carries its own URL (to the line) from the backend. */
const scmLinks: EvidenceLinker = item => item.url;

const EvidenceLinkContext = createContext<EvidenceLinker>(scmLinks);

export const useEvidenceLink = () => useContext(EvidenceLinkContext);

/**
 * The source-file route, when the app has the ml-patterns page mounted;
 * undefined otherwise (the card is then shown on an app without the page).
 */
function useOptionalSourceFileRoute() {
  try {
    return useRouteRef(sourceFileRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * Evidence links for one report: SCM URLs as they come, and for a local
 * (`dir:`) evidence folder, which browsers cannot open, the plugin's own
 * source-file page with the line.
 */
export const EvidenceLinkProvider = ({
  entityRef,
  location,
  children,
}: PropsWithChildren<{ entityRef: string; location?: string }>) => {
  const sourceFileRoute = useOptionalSourceFileRoute();
  let linker = scmLinks;
  if (sourceFileRoute && location?.startsWith('dir:')) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const base = sourceFileRoute({
      kind: kind.toLocaleLowerCase('en-US'),
      namespace,
      name,
    });
    linker = item => {
      if (item.url || !item.path) {
        return item.url;
      }
      const query = new URLSearchParams({ path: item.path });
      if (item.line) {
        query.set('line', String(item.line));
      }
      return `${base}?${query}`;
    };
  }
  return (
    <EvidenceLinkContext.Provider value={linker}>
      {children}
    </EvidenceLinkContext.Provider>
  );
};
