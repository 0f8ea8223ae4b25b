/**
 * The version of what the analyzers find in a repository. Evidence is
 * stored under the repository's ETag so that an unchanged repository is
 * not downloaded again; the version is part of that ETag, so evidence of
 * earlier analyzers is never taken for the current one: after an upgrade
 * that changes what the analyzers find, each repository is read and
 * analysed once more. Raise it with every such change, then record the
 * new fingerprint of the example repositories' evidence
 * (analysisVersion.test.ts, which fails when the evidence changed and this
 * did not): in plugins/ml-patterns-node,
 * `UPDATE_ANALYSIS_FINGERPRINT=1 yarn backstage-cli package test src/evidence/read/analysisVersion`.
 */
export const ANALYSIS_VERSION = 11;

const PREFIX = `analysis-${ANALYSIS_VERSION}:`;

/** The ETag to store for a read analysed by these analyzers. */
export function analysedEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : `${PREFIX}${etag}`;
}

/**
 * The source's own ETag inside a stored one, when the stored evidence
 * comes from these analyzers; undefined otherwise (read and analyse again).
 */
export function sourceEtag(stored: string | undefined): string | undefined {
  return stored?.startsWith(PREFIX) ? stored.slice(PREFIX.length) : undefined;
}
