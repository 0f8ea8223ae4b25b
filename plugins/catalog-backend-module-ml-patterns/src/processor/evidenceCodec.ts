import { CachedEvidence } from '@ml-patterns/plugin-ml-patterns-node';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Inflated evidence beyond this is not ours: read the source again. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

type Evidence = CachedEvidence['evidence'];

/**
 * Evidence as one string: its JSON deflated, in base64 (nothing to escape
 * in JSON, a third of the JSON's size).
 */
export function encodeEvidence(evidence: Evidence): string {
  return deflateRawSync(JSON.stringify(evidence)).toString('base64');
}

/**
 * Evidence from {@link encodeEvidence}'s string. Throws on anything else.
 */
export function decodeEvidence(text: string): Evidence {
  const json = inflateRawSync(Buffer.from(text, 'base64'), {
    maxOutputLength: MAX_INFLATED_BYTES,
  }).toString('utf8');
  return JSON.parse(json);
}
