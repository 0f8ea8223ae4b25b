// GENERATED FILE: do not edit it by hand.
// By openapi-typescript from plugins/ml-patterns-backend/src/schema/openapi.yaml.
// Run `yarn generate:openapi` in plugins/ml-patterns-backend to regenerate it.

export interface paths {
  '/v1/entities/{kind}/{namespace}/{name}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The full ml-patterns report of one entity, evaluated now: score, grade, coverage, anti-pattern verdicts, release pattern and every check with its rule text, evidence (with browser URLs to the line for known SCMs) and waivers. The entity is read with the caller's credentials: an entity the caller may not see is a 404. Each caller may read at most `mlPatterns.reports.rateLimit` reports and source files per window (default 30 a minute); past it, 429 with a `RateLimit` header saying when to try again. */
    get: operations['GetEntityReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/source': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One text file of the entity's evidence folder, when that folder is a local (`dir:`) source inside `mlPatterns.localRoots` — the target of the evidence links of local sources, which have no SCM to link to. The entity is read with the caller's credentials (404 when the caller may not see it); the path must stay inside the evidence folder (400), and files outside the allowed roots are 403. Sources in an SCM are 404 here: their evidence carries SCM URLs. Counts against the caller's report rate limit (429 past it). */
    get: operations['GetEntitySourceFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One entity's daily history (UTC), oldest first: its score, grade, coverage, anti-pattern verdicts, release pattern and failing rules as the daily history task found them. The entity is read with the caller's credentials: an entity the caller may not see is a 404, as is one that does not exist. An entity with no history yet has an empty list. */
    get: operations['GetEntityHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The rule catalog, built-in and added by extensions, with remediation. */
    get: operations['GetRules'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scorecards': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One row per owner, system or domain, computed from the annotations the catalog processor stamps on in-scope entities, over the entities the caller may read: groups with none of them have no row. */
    get: operations['GetScorecards'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scorecards/{groupRef}/entities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The scored entities of one group (drill-down) that the caller may read; an empty list for a group the caller may not read, as for one that does not exist. */
    get: operations['GetScorecardEntities'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scorecards/{groupRef}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Daily snapshots (UTC) of one group's scorecard, oldest first, counted over the entities the caller may read: every entity of the group for callers allowed to read the whole catalog, else only those the catalog shows the caller now. A group none of whose entities the caller may read, then or now, is a 404, the same as a group that does not exist. */
    get: operations['GetScorecardHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/waivers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The audit list of waivers: every waiver declared in the `ml-patterns.io/waivers` annotation of the entities the caller may read (the catalog is read with the caller's credentials), active, expired and invalid, ordered by `until` day (those without one last), then entity and rule. */
    get: operations['GetWaivers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scorecards/{groupRef}/rule-changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Which rules improved or regressed in one group: for every rule failing on the first or the last day with history in the window, how many of the group's entities failed it on each of the two days, counted over the entities the caller may read (as the group's history). A group none of whose entities the caller may read, then or now, is a 404, the same as a group that does not exist. */
    get: operations['GetScorecardRuleChanges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      } & {
        [key: string]: unknown;
      };
      request?: {
        method: string;
        url: string;
      };
      response: {
        statusCode: number;
      };
    } & {
      [key: string]: unknown;
    };
    /** @enum {string} */
    ScorecardGroupBy: 'owner' | 'system' | 'domain';
    /** @enum {string} */
    Grade: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
    GradeCounts: {
      A: number;
      B: number;
      C: number;
      D: number;
      E: number;
      F: number;
    };
    Detections: {
      'all-in-one': number;
      'only-me': number;
    };
    RuleReference: {
      title: string;
      url: string;
    };
    /** @enum {string} */
    PatternId: 'all-in-one' | 'only-me' | 'model-load';
    /** @enum {string} */
    EntityRole: 'model' | 'serving-unit' | 'repository' | 'dataset';
    /** @description What a rule checks, why, and how to fix a failure. */
    RuleText: {
      title: string;
      pattern: components['schemas']['PatternId'];
      rationale: string;
      remediation: string[];
      references: components['schemas']['RuleReference'][];
    };
    /** @description A rule of the catalog: its text (as in RuleText) and how it is applied. */
    Rule: {
      id: string;
      title: string;
      pattern: components['schemas']['PatternId'];
      rationale: string;
      remediation: string[];
      references: components['schemas']['RuleReference'][];
      appliesTo: components['schemas']['EntityRole'][];
      weight: number;
      enabled: boolean;
      /** @enum {string} */
      source: 'built-in' | 'extension';
    };
    EvidenceItem: {
      /** @description Path relative to the scored source folder. */
      path?: string;
      /** @description 1-based line in `path`. */
      line?: number;
      /** @description A field of the entity, e.g. `spec.owner`. */
      field?: string;
      entityRef?: string;
      note?: string;
      /** @description Browser URL to the line, for known SCMs. */
      url?: string;
    };
    Check: {
      ruleId: string;
      /** @enum {string} */
      verdict: 'pass' | 'fail' | 'unknown' | 'not-applicable';
      message: string;
      evidence: components['schemas']['EvidenceItem'][];
      waiver?: components['schemas']['WaiverTerms'];
      /** @description Why a waiver of this check does not apply: it expired, or it is invalid. */
      waiverProblem?: string;
      rule: components['schemas']['RuleText'];
    };
    EntityReport: {
      entityRef: string;
      role: components['schemas']['EntityRole'];
      score: number | null;
      grade: components['schemas']['Grade'] | null;
      /** @description Share (0–1) of applicable, non-waived checks that are not unknown. */
      coverage: number;
      antiPatterns: {
        'all-in-one': components['schemas']['AntiPatternVerdict'];
        'only-me': components['schemas']['AntiPatternVerdict'];
      };
      /** @enum {string} */
      releasePattern:
        | 'model-load'
        | 'model-in-image'
        | 'mixed'
        | 'unknown'
        | 'not-applicable';
      checks: components['schemas']['Check'][];
      evidenceSource: {
        /** @enum {string} */
        status: 'ok' | 'stale' | 'unavailable' | 'not-configured';
        location?: string;
        reason?: string;
        /** Format: date-time */
        readAt?: string;
      };
      rulesetVersion: string;
      /** @description Every waiver the entity declares in `ml-patterns.io/waivers`, in the order declared, with its state. */
      waivers: components['schemas']['DeclaredWaiver'][];
    };
    /**
     * @description `active`: complete and not past its `until` day; `expired`: its `until` day is over; `invalid`: it lacks a reason, an approver or a valid `until` day, names no rule there is, or the annotation is not valid YAML.
     * @enum {string}
     */
    WaiverState: 'active' | 'expired' | 'invalid';
    /** @description An active waiver of a check: the check then counts neither in the score nor in anti-pattern detection. */
    WaiverTerms: {
      reason: string;
      /** @description Full ref of the user or group that approved it. */
      approvedBy: string;
      /** @description The last day (UTC) the waiver applies, YYYY-MM-DD. */
      until: string;
      /** @description An http(s) link to the ticket or decision record. */
      ticket?: string;
    };
    /** @description A waiver an entity declares, as read; an invalid one carries its problem and whatever of its terms could be read. */
    DeclaredWaiver: {
      /** @description Absent when the annotation itself could not be read. */
      ruleId?: string;
      state: components['schemas']['WaiverState'];
      reason?: string;
      approvedBy?: string;
      until?: string;
      ticket?: string;
      /** @description What is wrong with an invalid waiver. */
      problem?: string;
    };
    /** @description A waiver an entity declares, with the entity. */
    WaiverListItem: {
      entityRef: string;
      entityTitle?: string;
      /** @description Full lower-case ref of the entity's owner, or `none`. */
      ownerRef: string;
      ruleId?: string;
      state: components['schemas']['WaiverState'];
      reason?: string;
      approvedBy?: string;
      until?: string;
      ticket?: string;
      problem?: string;
    };
    WaiversResponse: {
      waivers: components['schemas']['WaiverListItem'][];
      /** @description How many waivers there are in each state, before the state filter. */
      counts: {
        active: number;
        expired: number;
        invalid: number;
      };
    };
    /** @enum {string} */
    AntiPatternVerdict: 'detected' | 'clear' | 'unknown' | 'not-applicable';
    EntityReportResponse: {
      report: components['schemas']['EntityReport'];
      /** Format: date-time */
      evaluatedAt: string;
    };
    SourceFileResponse: {
      entityRef: string;
      location: string;
      path: string;
      content: string;
      size: number;
      truncated: boolean;
    };
    RulesResponse: {
      rules: components['schemas']['Rule'][];
      rulesetVersion: string;
    };
    ScorecardRow: {
      groupRef: string;
      entityCount: number;
      meanScore: number | null;
      grades: components['schemas']['GradeCounts'];
      ungraded: number;
      detections: components['schemas']['Detections'];
      /** @description Mean coverage (0–1). */
      meanCoverage: number | null;
      /** @description Checks an active waiver waives, over the group's entities. */
      waivedChecks: number;
    };
    ScorecardsResponse: {
      groupBy: components['schemas']['ScorecardGroupBy'];
      rows: components['schemas']['ScorecardRow'][];
    };
    ScorecardEntity: {
      entityRef: string;
      title?: string;
      kind: string;
      type?: string;
      score: number | null;
      grade: components['schemas']['Grade'] | null;
      allInOne: string;
      onlyMe: string;
      releasePattern: string;
      failedChecks: string[];
    };
    ScorecardEntitiesResponse: {
      groupRef: string;
      entities: components['schemas']['ScorecardEntity'][];
    };
    ScorecardSnapshot: {
      /** @description YYYY-MM-DD (UTC). */
      day: string;
      entityCount: number;
      /** @description Mean score over the graded entities. */
      meanScore: number | null;
      detections: components['schemas']['Detections'];
      grades?: components['schemas']['GradeCounts'];
      /** @description Entities not scored that day (no grade): in no grade and not in the mean score. */
      ungraded?: number;
      meanCoverage?: number | null;
    };
    EntityHistoryDay: {
      /** @description YYYY-MM-DD (UTC). */
      day: string;
      score: number | null;
      /** @description Null when the entity was not scored that day. */
      grade: components['schemas']['Grade'] | null;
      /** @description Share (0–1) of the checks that could be verified. */
      coverage: number | null;
      antiPatterns: {
        'all-in-one': components['schemas']['AntiPatternVerdict'];
        'only-me': components['schemas']['AntiPatternVerdict'];
      };
      /** @enum {string} */
      releasePattern:
        | 'model-load'
        | 'model-in-image'
        | 'mixed'
        | 'unknown'
        | 'not-applicable';
      /** @description Rule ids of the failed checks (waived ones left out). */
      failedChecks: string[];
    };
    EntityHistoryResponse: {
      entityRef: string;
      days: components['schemas']['EntityHistoryDay'][];
    };
    RuleChange: {
      ruleId: string;
      /** @description Entities failing the rule on the first day. */
      first: number;
      /** @description Entities failing the rule on the last day. */
      last: number;
    };
    RuleChangesResponse: {
      groupRef: string;
      /** @description First day of the window with history (absent when none). */
      firstDay?: string;
      /** @description Last day of the window with history (absent when none). */
      lastDay?: string;
      /** @description Every rule failing on either day, most regressed first. */
      rules: components['schemas']['RuleChange'][];
    };
    ScorecardHistoryResponse: {
      groupRef: string;
      snapshots: components['schemas']['ScorecardSnapshot'][];
    };
  };
  responses: {
    /** @description An error response from the backend. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    kind: string;
    namespace: string;
    name: string;
    /** @description URL-encoded full entity ref of a group, user, system or domain (e.g. `group%3Adefault%2Fvision-team`), or `none` for entities without one. */
    groupRef: string;
    /** @description The grouping the group ref belongs to; by default the one its kind implies (group/user: owner, system, domain). Needed only for `none`. */
    optionalGroupBy: components['schemas']['ScorecardGroupBy'];
    /** @description Only entities of this kind. */
    kindFilter: string;
    /** @description Only entities of this spec.type. */
    typeFilter: string;
    /** @description Only entities of this system: a full ref (`system:default/recsys`) or a name in the default namespace (`recsys`). */
    systemFilter: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetEntityReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityReportResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntitySourceFile: {
    parameters: {
      query: {
        /** @description File path relative to the evidence folder, e.g. `app/main.py`. */
        path: string;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceFileResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityHistory: {
    parameters: {
      query?: {
        /** @description How many days back, today included (1–365, default 90). */
        days?: number;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The days. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityHistoryResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The rules. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RulesResponse'];
        };
      };
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetScorecards: {
    parameters: {
      query: {
        groupBy: components['schemas']['ScorecardGroupBy'];
        /** @description Only entities of this kind. */
        kind?: components['parameters']['kindFilter'];
        /** @description Only entities of this spec.type. */
        type?: components['parameters']['typeFilter'];
        /** @description Only entities of this system: a full ref (`system:default/recsys`) or a name in the default namespace (`recsys`). */
        system?: components['parameters']['systemFilter'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The scorecards. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScorecardsResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetScorecardEntities: {
    parameters: {
      query?: {
        /** @description The grouping the group ref belongs to; by default the one its kind implies (group/user: owner, system, domain). Needed only for `none`. */
        groupBy?: components['parameters']['optionalGroupBy'];
        /** @description Only entities of this kind. */
        kind?: components['parameters']['kindFilter'];
        /** @description Only entities of this spec.type. */
        type?: components['parameters']['typeFilter'];
        /** @description Only entities of this system: a full ref (`system:default/recsys`) or a name in the default namespace (`recsys`). */
        system?: components['parameters']['systemFilter'];
      };
      header?: never;
      path: {
        /** @description URL-encoded full entity ref of a group, user, system or domain (e.g. `group%3Adefault%2Fvision-team`), or `none` for entities without one. */
        groupRef: components['parameters']['groupRef'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entities. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScorecardEntitiesResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetScorecardHistory: {
    parameters: {
      query?: {
        /** @description The grouping the group ref belongs to; by default the one its kind implies (group/user: owner, system, domain). Needed only for `none`. */
        groupBy?: components['parameters']['optionalGroupBy'];
        /** @description How many days back, today included (1–365, default 30). */
        days?: number;
      };
      header?: never;
      path: {
        /** @description URL-encoded full entity ref of a group, user, system or domain (e.g. `group%3Adefault%2Fvision-team`), or `none` for entities without one. */
        groupRef: components['parameters']['groupRef'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The snapshots. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScorecardHistoryResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetWaivers: {
    parameters: {
      query?: {
        /** @description Only waivers in this state. */
        state?: components['schemas']['WaiverState'];
        /** @description Only waivers of entities this group or user owns: a full ref (`group:default/recsys-team`) or a group name in the default namespace (`recsys-team`). */
        owner?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The waivers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WaiversResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetScorecardRuleChanges: {
    parameters: {
      query?: {
        /** @description The grouping the group ref belongs to; by default the one its kind implies (group/user: owner, system, domain). Needed only for `none`. */
        groupBy?: components['parameters']['optionalGroupBy'];
        /** @description How many days back, today included (1–365, default 30). */
        days?: number;
      };
      header?: never;
      path: {
        /** @description URL-encoded full entity ref of a group, user, system or domain (e.g. `group%3Adefault%2Fvision-team`), or `none` for entities without one. */
        groupRef: components['parameters']['groupRef'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The rules. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleChangesResponse'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
}
