import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  DeclaredWaiver,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { parseDocument } from 'yaml';

/**
 * What reading an entity's waivers needs besides the entity.
 *
 * @public
 */
export interface WaiverReadOptions {
  /** Ids of the rules there are (switched off or not); a waiver of any other id is invalid. */
  ruleIds: ReadonlySet<string>;
  /** When the waivers are read: a waiver past its `until` day is expired. */
  now: Date;
}

const WAIVERS_KEY = INPUT_ANNOTATIONS.waivers;
/** An annotation this long is a mistake, not a list of waivers: not parsed. */
const MAX_ANNOTATION_LENGTH = 64 * 1024;
const FIELDS = ['reason', 'approvedBy', 'until', 'ticket'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const APPROVER_KINDS = new Set(['user', 'group']);
/** Most annotation texts whose reading is kept (see `parsedAnnotation`, `readMapping`). */
const MAX_PARSED = 2000;

/** The first line of a YAML error, e.g. `Map keys must be unique at line 2, column 1`. */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

function annotationProblem(problem: string): DeclaredWaiver[] {
  return [{ state: 'invalid', problem: `${WAIVERS_KEY} ${problem}` }];
}

/**
 * The instant a waiver stops applying: the end (UTC) of its `until` day.
 * Undefined when `until` is not a `YYYY-MM-DD` date of the calendar.
 *
 * @public
 */
export function waiverEndsAt(until: string): Date | undefined {
  const match = DATE.exec(until);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const start = Date.UTC(year, month - 1, day);
  const date = new Date(start);
  // Date.UTC rolls 2027-02-30 over to March: not a day of the calendar.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return new Date(start + DAY_MS);
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

function readApprover(value: unknown, problems: string[]): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  if (value === undefined || value === null || text === '') {
    problems.push(
      'no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform',
    );
    return undefined;
  }
  try {
    const ref = parseEntityRef(text);
    if (APPROVER_KINDS.has(ref.kind.toLocaleLowerCase('en-US'))) {
      return stringifyEntityRef(ref);
    }
  } catch {
    // reported below
  }
  problems.push(
    `approvedBy '${text}' is not a user or group ref, e.g. group:default/ml-platform`,
  );
  return text;
}

function readUntil(value: unknown, problems: string[]): string | undefined {
  const text = scalarText(value);
  if (text === undefined || text === '') {
    problems.push('no until: give the last day it applies, YYYY-MM-DD');
    return undefined;
  }
  if (!waiverEndsAt(text)) {
    problems.push(`until '${text}' is not a date, YYYY-MM-DD`);
  }
  return text;
}

function readTicket(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = scalarText(value) ?? '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // Shown as a link: nothing but a web address.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push('ticket must be an http(s) link');
    return undefined;
  }
  return text;
}

/**
 * A waiver as read from the annotation, before the clock is read: when it
 * is complete, the instant it stops applying (its state is set from that).
 */
interface ReadWaiver {
  waiver: DeclaredWaiver;
  endsAt?: Date;
}

function readOne(
  ruleId: string,
  value: unknown,
  ruleIds: ReadonlySet<string>,
): ReadWaiver {
  const problems: string[] = [];
  if (!ruleIds.has(ruleId)) {
    problems.push(`no rule has the id '${ruleId}'`);
  }
  if (typeof value === 'string') {
    // The one-line form of earlier versions: a reason and nothing else.
    problems.push(
      'a waiver needs reason, approvedBy and until, not only a reason',
    );
    const reason = value.trim();
    return {
      waiver: {
        ruleId,
        state: 'invalid',
        ...(reason ? { reason } : {}),
        problem: problems.join('; '),
      },
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('a waiver is a mapping with reason, approvedBy and until');
    return {
      waiver: { ruleId, state: 'invalid', problem: problems.join('; ') },
    };
  }
  const fields = value as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!FIELDS.includes(field)) {
      problems.push(
        `unknown field '${field}' (a waiver has reason, approvedBy, until and ticket)`,
      );
    }
  }
  const reason = scalarText(fields.reason);
  if (!reason) {
    problems.push('no reason: say why the check does not apply');
  }
  const waiver: DeclaredWaiver = { ruleId, state: 'invalid' };
  if (reason) waiver.reason = reason;
  const approvedBy = readApprover(fields.approvedBy, problems);
  if (approvedBy) waiver.approvedBy = approvedBy;
  const until = readUntil(fields.until, problems);
  if (until) waiver.until = until;
  const ticket = readTicket(fields.ticket, problems);
  if (ticket) waiver.ticket = ticket;
  if (problems.length > 0) {
    waiver.problem = problems.join('; ');
    return { waiver };
  }
  return { waiver, endsAt: waiverEndsAt(until!)! };
}

/** A fresh copy of a read waiver for one report, its state set by `now`. */
function stamped({ waiver, endsAt }: ReadWaiver, now: Date): DeclaredWaiver {
  const copy = { ...waiver };
  if (endsAt) copy.state = now < endsAt ? 'active' : 'expired';
  return copy;
}

/** The waivers of each annotation text read lately, for the rule ids they were read against. */
const readTexts = new Map<
  string,
  { ruleIds: ReadonlySet<string>; waivers: ReadWaiver[] }
>();

/**
 * The waivers of an annotation's mapping, read once per text and rule
 * set: the catalog evaluates an entity on every refresh with the same
 * annotation. Only the state depends on the clock.
 */
function readMapping(
  raw: string,
  value: Record<string, unknown>,
  ruleIds: ReadonlySet<string>,
): ReadWaiver[] {
  const known = readTexts.get(raw);
  if (known && known.ruleIds === ruleIds) return known.waivers;
  const waivers = Object.entries(value).map(([ruleId, terms]) =>
    readOne(ruleId.trim(), terms, ruleIds),
  );
  if (!known && readTexts.size >= MAX_PARSED) {
    // The oldest text first: a Map keeps insertion order.
    readTexts.delete(readTexts.keys().next().value!);
  }
  readTexts.set(raw, { ruleIds, waivers });
  return waivers;
}

const parsedTexts = new Map<string, { value: unknown } | { problem: string }>();

/**
 * The annotation's YAML, read once per text: the catalog evaluates an
 * entity on every refresh with the same annotation, and parsing it is most
 * of reading its waivers. The value is only read, never changed.
 */
function parsedAnnotation(
  raw: string,
): { value: unknown } | { problem: string } {
  const known = parsedTexts.get(raw);
  if (known) return known;
  let parsed: { value: unknown } | { problem: string };
  // The core schema reads `until: 2027-03-31` as the text it is, not a time.
  const document = parseDocument(raw, { schema: 'core', uniqueKeys: true });
  if (document.errors.length > 0) {
    parsed = {
      problem: `is not valid YAML: ${firstLine(document.errors[0].message)}`,
    };
  } else {
    try {
      parsed = { value: document.toJS({ maxAliasCount: 100 }) };
    } catch (error) {
      parsed = {
        problem: `could not be read: ${firstLine(
          isError(error) ? error.message : String(error),
        )}`,
      };
    }
  }
  if (parsedTexts.size >= MAX_PARSED) {
    // The oldest text first: a Map keeps insertion order.
    parsedTexts.delete(parsedTexts.keys().next().value!);
  }
  parsedTexts.set(raw, parsed);
  return parsed;
}

/** Whether the entity has a waivers annotation to read (`readWaivers` gives none without one). */
export function declaresWaivers(entity: Entity): boolean {
  return entity.metadata.annotations?.[WAIVERS_KEY] !== undefined;
}

/**
 * Reads the waivers an entity declares in its `ml-patterns.io/waivers`
 * annotation: YAML mapping each waived rule id to its `reason`,
 * `approvedBy` (a user or group ref), `until` (the last day it applies,
 * `YYYY-MM-DD`, UTC) and optional `ticket` link.
 *
 * Never throws: a waiver that lacks a term, names an unknown rule or has
 * a malformed value is `invalid` with the problem; an annotation that is
 * not YAML, or not a mapping, is one invalid waiver without a rule id. A
 * complete waiver is `active` through its `until` day, then `expired`.
 *
 * @public
 */
export function readWaivers(
  entity: Entity,
  options: WaiverReadOptions,
): DeclaredWaiver[] {
  const raw = entity.metadata.annotations?.[WAIVERS_KEY];
  if (typeof raw !== 'string' || raw.trim() === '') {
    return [];
  }
  if (raw.length > MAX_ANNOTATION_LENGTH) {
    return annotationProblem(
      `is longer than ${MAX_ANNOTATION_LENGTH} characters`,
    );
  }
  const parsed = parsedAnnotation(raw);
  if ('problem' in parsed) return annotationProblem(parsed.problem);
  const value = parsed.value;
  if (value === null || value === undefined) {
    // Only comments: nothing waived.
    return [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return annotationProblem(
      'must map rule ids to waivers, e.g. `all-in-one/one-model-per-server: { reason: …, approvedBy: …, until: … }`',
    );
  }
  return readMapping(
    raw,
    value as Record<string, unknown>,
    options.ruleIds,
  ).map(read => stamped(read, options.now));
}

/**
 * When the first active waiver among `waivers` expires, so a report
 * computed with them must be computed again; undefined when none will.
 */
export function firstWaiverExpiry(
  waivers: ReadonlyArray<DeclaredWaiver>,
): Date | undefined {
  let first: Date | undefined;
  for (const waiver of waivers) {
    const endsAt =
      waiver.state === 'active' && waiver.until
        ? waiverEndsAt(waiver.until)
        : undefined;
    if (endsAt && (!first || endsAt < first)) first = endsAt;
  }
  return first;
}
