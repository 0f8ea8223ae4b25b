// GENERATED FILE: do not edit it by hand.
// src/schema/openapi.yaml as a constant; the router is typed from it.
// Run `yarn generate:openapi` in this package to regenerate it.

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'ml-patterns',
    version: '1',
    description:
      'REST API of the ml-patterns Backstage plugin: full reports of ML catalog\nentities against the All-in-one and Only-me anti-patterns and the\nModel-load / Model-in-image release patterns, the rule catalog, and\nteam/system/domain scorecards with their daily history.\n\nEvery endpoint needs user or service credentials\n(`Authorization: Bearer <token>`).\n',
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
    contact: {},
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    examples: {},
    headers: {},
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      groupRef: {
        name: 'groupRef',
        in: 'path',
        required: true,
        description:
          'URL-encoded full entity ref of a group, user, system or domain (e.g. `group%3Adefault%2Fvision-team`), or `none` for entities without one.',
        schema: {
          type: 'string',
        },
      },
      optionalGroupBy: {
        name: 'groupBy',
        in: 'query',
        required: false,
        description:
          'The grouping the group ref belongs to; by default the one its kind implies (group/user: owner, system, domain). Needed only for `none`.',
        schema: {
          $ref: '#/components/schemas/ScorecardGroupBy',
        },
      },
      kindFilter: {
        name: 'kind',
        in: 'query',
        required: false,
        description: 'Only entities of this kind.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      typeFilter: {
        name: 'type',
        in: 'query',
        required: false,
        description: 'Only entities of this spec.type.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      systemFilter: {
        name: 'system',
        in: 'query',
        required: false,
        allowReserved: true,
        description:
          'Only entities of this system: a full ref (`system:default/recsys`) or a name in the default namespace (`recsys`).',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
    },
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: 'An error response from the backend.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
            additionalProperties: {},
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
            required: ['method', 'url'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
        additionalProperties: {},
      },
      ScorecardGroupBy: {
        type: 'string',
        enum: ['owner', 'system', 'domain'],
      },
      Grade: {
        type: 'string',
        enum: ['A', 'B', 'C', 'D', 'E', 'F'],
      },
      GradeCounts: {
        type: 'object',
        additionalProperties: false,
        properties: {
          A: {
            type: 'integer',
          },
          B: {
            type: 'integer',
          },
          C: {
            type: 'integer',
          },
          D: {
            type: 'integer',
          },
          E: {
            type: 'integer',
          },
          F: {
            type: 'integer',
          },
        },
        required: ['A', 'B', 'C', 'D', 'E', 'F'],
      },
      Detections: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'all-in-one': {
            type: 'integer',
          },
          'only-me': {
            type: 'integer',
          },
        },
        required: ['all-in-one', 'only-me'],
      },
      RuleReference: {
        type: 'object',
        additionalProperties: false,
        properties: {
          title: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
        required: ['title', 'url'],
      },
      PatternId: {
        type: 'string',
        enum: ['all-in-one', 'only-me', 'model-load'],
      },
      EntityRole: {
        type: 'string',
        enum: ['model', 'serving-unit', 'repository', 'dataset'],
      },
      RuleText: {
        description: 'What a rule checks, why, and how to fix a failure.',
        type: 'object',
        additionalProperties: false,
        properties: {
          title: {
            type: 'string',
          },
          pattern: {
            $ref: '#/components/schemas/PatternId',
          },
          rationale: {
            type: 'string',
          },
          remediation: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          references: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RuleReference',
            },
          },
        },
        required: [
          'title',
          'pattern',
          'rationale',
          'remediation',
          'references',
        ],
      },
      Rule: {
        description:
          'A rule of the catalog: its text (as in RuleText) and how it is applied.',
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          pattern: {
            $ref: '#/components/schemas/PatternId',
          },
          rationale: {
            type: 'string',
          },
          remediation: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          references: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RuleReference',
            },
          },
          appliesTo: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRole',
            },
          },
          weight: {
            type: 'number',
          },
          enabled: {
            type: 'boolean',
          },
          source: {
            type: 'string',
            enum: ['built-in', 'extension'],
          },
        },
        required: [
          'id',
          'title',
          'pattern',
          'rationale',
          'remediation',
          'references',
          'appliesTo',
          'weight',
          'enabled',
          'source',
        ],
      },
      EvidenceItem: {
        type: 'object',
        additionalProperties: false,
        properties: {
          path: {
            type: 'string',
            description: 'Path relative to the scored source folder.',
          },
          line: {
            type: 'integer',
            description: '1-based line in `path`.',
          },
          field: {
            type: 'string',
            description: 'A field of the entity, e.g. `spec.owner`.',
          },
          entityRef: {
            type: 'string',
          },
          note: {
            type: 'string',
          },
          url: {
            type: 'string',
            description: 'Browser URL to the line, for known SCMs.',
          },
        },
      },
      Check: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ruleId: {
            type: 'string',
          },
          verdict: {
            type: 'string',
            enum: ['pass', 'fail', 'unknown', 'not-applicable'],
          },
          message: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceItem',
            },
          },
          waiver: {
            $ref: '#/components/schemas/WaiverTerms',
          },
          waiverProblem: {
            type: 'string',
            description:
              'Why a waiver of this check does not apply: it expired, or it is invalid.',
          },
          rule: {
            $ref: '#/components/schemas/RuleText',
          },
        },
        required: ['ruleId', 'verdict', 'message', 'evidence', 'rule'],
      },
      EntityReport: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          role: {
            $ref: '#/components/schemas/EntityRole',
          },
          score: {
            type: ['integer', 'null'],
          },
          grade: {
            oneOf: [
              {
                $ref: '#/components/schemas/Grade',
              },
              {
                type: 'null',
              },
            ],
          },
          coverage: {
            type: 'number',
            description:
              'Share (0–1) of applicable, non-waived checks that are not unknown.',
          },
          antiPatterns: {
            type: 'object',
            additionalProperties: false,
            properties: {
              'all-in-one': {
                $ref: '#/components/schemas/AntiPatternVerdict',
              },
              'only-me': {
                $ref: '#/components/schemas/AntiPatternVerdict',
              },
            },
            required: ['all-in-one', 'only-me'],
          },
          releasePattern: {
            type: 'string',
            enum: [
              'model-load',
              'model-in-image',
              'mixed',
              'unknown',
              'not-applicable',
            ],
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Check',
            },
          },
          evidenceSource: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: {
                type: 'string',
                enum: ['ok', 'stale', 'unavailable', 'not-configured'],
              },
              location: {
                type: 'string',
              },
              reason: {
                type: 'string',
              },
              readAt: {
                type: 'string',
                format: 'date-time',
              },
            },
            required: ['status'],
          },
          rulesetVersion: {
            type: 'string',
          },
          waivers: {
            description:
              'Every waiver the entity declares in `ml-patterns.io/waivers`, in the order declared, with its state.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/DeclaredWaiver',
            },
          },
        },
        required: [
          'entityRef',
          'role',
          'score',
          'grade',
          'coverage',
          'antiPatterns',
          'releasePattern',
          'checks',
          'evidenceSource',
          'rulesetVersion',
          'waivers',
        ],
      },
      WaiverState: {
        type: 'string',
        enum: ['active', 'expired', 'invalid'],
        description:
          '`active`: complete and not past its `until` day; `expired`: its `until` day is over; `invalid`: it lacks a reason, an approver or a valid `until` day, names no rule there is, or the annotation is not valid YAML.',
      },
      WaiverTerms: {
        description:
          'An active waiver of a check: the check then counts neither in the score nor in anti-pattern detection.',
        type: 'object',
        additionalProperties: false,
        properties: {
          reason: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
            description: 'Full ref of the user or group that approved it.',
          },
          until: {
            type: 'string',
            description: 'The last day (UTC) the waiver applies, YYYY-MM-DD.',
          },
          ticket: {
            type: 'string',
            description: 'An http(s) link to the ticket or decision record.',
          },
        },
        required: ['reason', 'approvedBy', 'until'],
      },
      DeclaredWaiver: {
        description:
          'A waiver an entity declares, as read; an invalid one carries its problem and whatever of its terms could be read.',
        type: 'object',
        additionalProperties: false,
        properties: {
          ruleId: {
            type: 'string',
            description: 'Absent when the annotation itself could not be read.',
          },
          state: {
            $ref: '#/components/schemas/WaiverState',
          },
          reason: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          until: {
            type: 'string',
          },
          ticket: {
            type: 'string',
          },
          problem: {
            type: 'string',
            description: 'What is wrong with an invalid waiver.',
          },
        },
        required: ['state'],
      },
      WaiverListItem: {
        description: 'A waiver an entity declares, with the entity.',
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          entityTitle: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            description:
              "Full lower-case ref of the entity's owner, or `none`.",
          },
          ruleId: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/WaiverState',
          },
          reason: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          until: {
            type: 'string',
          },
          ticket: {
            type: 'string',
          },
          problem: {
            type: 'string',
          },
        },
        required: ['entityRef', 'ownerRef', 'state'],
      },
      WaiversResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          waivers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WaiverListItem',
            },
          },
          counts: {
            description:
              'How many waivers there are in each state, before the state filter.',
            type: 'object',
            additionalProperties: false,
            properties: {
              active: {
                type: 'integer',
              },
              expired: {
                type: 'integer',
              },
              invalid: {
                type: 'integer',
              },
            },
            required: ['active', 'expired', 'invalid'],
          },
        },
        required: ['waivers', 'counts'],
      },
      AntiPatternVerdict: {
        type: 'string',
        enum: ['detected', 'clear', 'unknown', 'not-applicable'],
      },
      EntityReportResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: {
            $ref: '#/components/schemas/EntityReport',
          },
          evaluatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['report', 'evaluatedAt'],
      },
      SourceFileResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          location: {
            type: 'string',
          },
          path: {
            type: 'string',
          },
          content: {
            type: 'string',
          },
          size: {
            type: 'integer',
          },
          truncated: {
            type: 'boolean',
          },
        },
        required: [
          'entityRef',
          'location',
          'path',
          'content',
          'size',
          'truncated',
        ],
      },
      RulesResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          rules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Rule',
            },
          },
          rulesetVersion: {
            type: 'string',
          },
        },
        required: ['rules', 'rulesetVersion'],
      },
      ScorecardRow: {
        type: 'object',
        additionalProperties: false,
        properties: {
          groupRef: {
            type: 'string',
          },
          entityCount: {
            type: 'integer',
          },
          meanScore: {
            type: ['number', 'null'],
          },
          grades: {
            $ref: '#/components/schemas/GradeCounts',
          },
          ungraded: {
            type: 'integer',
          },
          detections: {
            $ref: '#/components/schemas/Detections',
          },
          meanCoverage: {
            type: ['number', 'null'],
            description: 'Mean coverage (0–1).',
          },
          waivedChecks: {
            type: 'integer',
            description:
              "Checks an active waiver waives, over the group's entities.",
          },
        },
        required: [
          'groupRef',
          'entityCount',
          'meanScore',
          'grades',
          'ungraded',
          'detections',
          'meanCoverage',
          'waivedChecks',
        ],
      },
      ScorecardsResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          groupBy: {
            $ref: '#/components/schemas/ScorecardGroupBy',
          },
          rows: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScorecardRow',
            },
          },
        },
        required: ['groupBy', 'rows'],
      },
      ScorecardEntity: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          score: {
            type: ['integer', 'null'],
          },
          grade: {
            oneOf: [
              {
                $ref: '#/components/schemas/Grade',
              },
              {
                type: 'null',
              },
            ],
          },
          allInOne: {
            type: 'string',
          },
          onlyMe: {
            type: 'string',
          },
          releasePattern: {
            type: 'string',
          },
          failedChecks: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'entityRef',
          'kind',
          'score',
          'grade',
          'allInOne',
          'onlyMe',
          'releasePattern',
          'failedChecks',
        ],
      },
      ScorecardEntitiesResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          groupRef: {
            type: 'string',
          },
          entities: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScorecardEntity',
            },
          },
        },
        required: ['groupRef', 'entities'],
      },
      ScorecardSnapshot: {
        type: 'object',
        additionalProperties: false,
        properties: {
          day: {
            type: 'string',
            description: 'YYYY-MM-DD (UTC).',
          },
          entityCount: {
            type: 'integer',
          },
          meanScore: {
            type: ['number', 'null'],
            description: 'Mean score over the graded entities.',
          },
          detections: {
            $ref: '#/components/schemas/Detections',
          },
          grades: {
            $ref: '#/components/schemas/GradeCounts',
          },
          ungraded: {
            type: 'integer',
            description:
              'Entities not scored that day (no grade): in no grade and not in the mean score.',
          },
          meanCoverage: {
            type: ['number', 'null'],
          },
        },
        required: ['day', 'entityCount', 'meanScore', 'detections'],
      },
      EntityHistoryDay: {
        type: 'object',
        additionalProperties: false,
        properties: {
          day: {
            type: 'string',
            description: 'YYYY-MM-DD (UTC).',
          },
          score: {
            type: ['integer', 'null'],
          },
          grade: {
            description: 'Null when the entity was not scored that day.',
            oneOf: [
              {
                $ref: '#/components/schemas/Grade',
              },
              {
                type: 'null',
              },
            ],
          },
          coverage: {
            type: ['number', 'null'],
            description: 'Share (0–1) of the checks that could be verified.',
          },
          antiPatterns: {
            type: 'object',
            additionalProperties: false,
            properties: {
              'all-in-one': {
                $ref: '#/components/schemas/AntiPatternVerdict',
              },
              'only-me': {
                $ref: '#/components/schemas/AntiPatternVerdict',
              },
            },
            required: ['all-in-one', 'only-me'],
          },
          releasePattern: {
            type: 'string',
            enum: [
              'model-load',
              'model-in-image',
              'mixed',
              'unknown',
              'not-applicable',
            ],
          },
          failedChecks: {
            type: 'array',
            description:
              'Rule ids of the failed checks (waived ones left out).',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'day',
          'score',
          'grade',
          'coverage',
          'antiPatterns',
          'releasePattern',
          'failedChecks',
        ],
      },
      EntityHistoryResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          days: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityHistoryDay',
            },
          },
        },
        required: ['entityRef', 'days'],
      },
      RuleChange: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ruleId: {
            type: 'string',
          },
          first: {
            type: 'integer',
            description: 'Entities failing the rule on the first day.',
          },
          last: {
            type: 'integer',
            description: 'Entities failing the rule on the last day.',
          },
        },
        required: ['ruleId', 'first', 'last'],
      },
      RuleChangesResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          groupRef: {
            type: 'string',
          },
          firstDay: {
            type: 'string',
            description:
              'First day of the window with history (absent when none).',
          },
          lastDay: {
            type: 'string',
            description:
              'Last day of the window with history (absent when none).',
          },
          rules: {
            type: 'array',
            description:
              'Every rule failing on either day, most regressed first.',
            items: {
              $ref: '#/components/schemas/RuleChange',
            },
          },
        },
        required: ['groupRef', 'rules'],
      },
      ScorecardHistoryResponse: {
        type: 'object',
        additionalProperties: false,
        properties: {
          groupRef: {
            type: 'string',
          },
          snapshots: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScorecardSnapshot',
            },
          },
        },
        required: ['groupRef', 'snapshots'],
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  paths: {
    '/v1/entities/{kind}/{namespace}/{name}/report': {
      get: {
        operationId: 'GetEntityReport',
        tags: ['Report'],
        description:
          "The full ml-patterns report of one entity, evaluated now: score, grade, coverage, anti-pattern verdicts, release pattern and every check with its rule text, evidence (with browser URLs to the line for known SCMs) and waivers. The entity is read with the caller's credentials: an entity the caller may not see is a 404. Each caller may read at most `mlPatterns.reports.rateLimit` reports and source files per window (default 30 a minute); past it, 429 with a `RateLimit` header saying when to try again.",
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityReportResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/source': {
      get: {
        operationId: 'GetEntitySourceFile',
        tags: ['Report'],
        description:
          "One text file of the entity's evidence folder, when that folder is a local (`dir:`) source inside `mlPatterns.localRoots` — the target of the evidence links of local sources, which have no SCM to link to. The entity is read with the caller's credentials (404 when the caller may not see it); the path must stay inside the evidence folder (400), and files outside the allowed roots are 403. Sources in an SCM are 404 here: their evidence carries SCM URLs. Counts against the caller's report rate limit (429 past it).",
        responses: {
          '200': {
            description: 'The file.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SourceFileResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'path',
            in: 'query',
            required: true,
            description:
              'File path relative to the evidence folder, e.g. `app/main.py`.',
            allowReserved: true,
            schema: {
              type: 'string',
            },
          },
        ],
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/history': {
      get: {
        operationId: 'GetEntityHistory',
        tags: ['Report'],
        description:
          "One entity's daily history (UTC), oldest first: its score, grade, coverage, anti-pattern verdicts, release pattern and failing rules as the daily history task found them. The entity is read with the caller's credentials: an entity the caller may not see is a 404, as is one that does not exist. An entity with no history yet has an empty list.",
        responses: {
          '200': {
            description: 'The days.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityHistoryResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'days',
            in: 'query',
            required: false,
            description:
              'How many days back, today included (1–365, default 90).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 365,
            },
          },
        ],
      },
    },
    '/v1/rules': {
      get: {
        operationId: 'GetRules',
        tags: ['Rules'],
        description:
          'The rule catalog, built-in and added by extensions, with remediation.',
        responses: {
          '200': {
            description: 'The rules.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RulesResponse',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [],
      },
    },
    '/v1/scorecards': {
      get: {
        operationId: 'GetScorecards',
        tags: ['Scorecards'],
        description:
          'One row per owner, system or domain, computed from the annotations the catalog processor stamps on in-scope entities, over the entities the caller may read: groups with none of them have no row.',
        responses: {
          '200': {
            description: 'The scorecards.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScorecardsResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            name: 'groupBy',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/ScorecardGroupBy',
            },
          },
          {
            $ref: '#/components/parameters/kindFilter',
          },
          {
            $ref: '#/components/parameters/typeFilter',
          },
          {
            $ref: '#/components/parameters/systemFilter',
          },
        ],
      },
    },
    '/v1/scorecards/{groupRef}/entities': {
      get: {
        operationId: 'GetScorecardEntities',
        tags: ['Scorecards'],
        description:
          'The scored entities of one group (drill-down) that the caller may read; an empty list for a group the caller may not read, as for one that does not exist.',
        responses: {
          '200': {
            description: 'The entities.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScorecardEntitiesResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/groupRef',
          },
          {
            $ref: '#/components/parameters/optionalGroupBy',
          },
          {
            $ref: '#/components/parameters/kindFilter',
          },
          {
            $ref: '#/components/parameters/typeFilter',
          },
          {
            $ref: '#/components/parameters/systemFilter',
          },
        ],
      },
    },
    '/v1/scorecards/{groupRef}/history': {
      get: {
        operationId: 'GetScorecardHistory',
        tags: ['Scorecards'],
        description:
          "Daily snapshots (UTC) of one group's scorecard, oldest first, counted over the entities the caller may read: every entity of the group for callers allowed to read the whole catalog, else only those the catalog shows the caller now. A group none of whose entities the caller may read, then or now, is a 404, the same as a group that does not exist.",
        responses: {
          '200': {
            description: 'The snapshots.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScorecardHistoryResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/groupRef',
          },
          {
            $ref: '#/components/parameters/optionalGroupBy',
          },
          {
            name: 'days',
            in: 'query',
            required: false,
            description:
              'How many days back, today included (1–365, default 30).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 365,
            },
          },
        ],
      },
    },
    '/v1/waivers': {
      get: {
        operationId: 'GetWaivers',
        tags: ['Waivers'],
        description:
          "The audit list of waivers: every waiver declared in the `ml-patterns.io/waivers` annotation of the entities the caller may read (the catalog is read with the caller's credentials), active, expired and invalid, ordered by `until` day (those without one last), then entity and rule.",
        responses: {
          '200': {
            description: 'The waivers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WaiversResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            name: 'state',
            in: 'query',
            required: false,
            description: 'Only waivers in this state.',
            schema: {
              $ref: '#/components/schemas/WaiverState',
            },
          },
          {
            name: 'owner',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              'Only waivers of entities this group or user owns: a full ref (`group:default/recsys-team`) or a group name in the default namespace (`recsys-team`).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
      },
    },
    '/v1/scorecards/{groupRef}/rule-changes': {
      get: {
        operationId: 'GetScorecardRuleChanges',
        tags: ['Scorecards'],
        description:
          "Which rules improved or regressed in one group: for every rule failing on the first or the last day with history in the window, how many of the group's entities failed it on each of the two days, counted over the entities the caller may read (as the group's history). A group none of whose entities the caller may read, then or now, is a 404, the same as a group that does not exist.",
        responses: {
          '200': {
            description: 'The rules.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RuleChangesResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/groupRef',
          },
          {
            $ref: '#/components/parameters/optionalGroupBy',
          },
          {
            name: 'days',
            in: 'query',
            required: false,
            description:
              'How many days back, today included (1–365, default 30).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 365,
            },
          },
        ],
      },
    },
  },
} as const;
