/**
 * What the API answers: the response body of every route (zod). The server's use cases are typed
 * from these (`z.input`), the CLI and the portal read them (`z.infer`, types only in the portal),
 * and the integration tests validate every answer with them. Objects strip fields they do not name
 * (the server may add optional fields without breaking a client); states, phases and the shapes a
 * client reads are strict.
 */
import * as z from 'zod';
import { PHASE_STATES, PHASES } from './phases.ts';
import { RECONCILE_METHODS, ROLES, ROUND_KINDS, SLOT_STATES, UPLOAD_STATES } from './terms.ts';

const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const str = z.string();
const num = z.number();
const Phase = z.enum(PHASES);
const Phases = z.record(Phase, z.enum(PHASE_STATES));
/** A rule set's text: Chinese, or both languages (English falling back to Chinese). */
export const Text = z.union([str, z.object({ zh: str, en: str.optional() })]);

/** An API failure: a catalogue code (API_ERRORS) and its message in both languages. */
export const ErrorBody = z.object({
  error: z.object({ code: str, message: z.object({ zh: str, en: str }), details: z.unknown().optional() }),
});

/** An issue as the API returns it (`issueJson`): where, what, and the message in the asked language. */
export const IssueJson = z.object({
  code: str,
  severity: z.enum(['error', 'warning']),
  sheet: nullable(str),
  cell: nullable(str),
  item: nullable(str),
  path: str.optional(),
  message: str,
  params: z.record(str, z.union([str, num])),
});

/** A round as stored. */
export const Round = z.object({
  round: str,
  rules: str,
  method: z.enum(RECONCILE_METHODS).optional(),
  ruleVersion: num,
  fingerprint: str,
  phases: Phases,
  createdAt: str,
  createdBy: str,
  kind: z.enum(ROUND_KINDS).optional(),
  cases: z.array(z.object({ code: str, title: str, description: str.optional() })).optional(),
  released: z.boolean().optional(),
  withUnits: z.boolean().optional(),
  rectification: z.object({ deadline: str, setBy: str, setAt: str }).optional(),
});

/** A round in the district's list. */
export const RoundInfo = Round.pick({
  round: true,
  rules: true,
  ruleVersion: true,
  phases: true,
  createdAt: true,
  kind: true,
});

export const RoundList = z.object({
  district: str,
  districtName: str,
  rounds: z.array(RoundInfo),
  /** Admins only: the rule sets a new round may use. */
  ruleSets: z.array(z.object({ id: str, title: Text.optional(), version: num.optional() })).optional(),
  /** Who the caller is to the API (an OpenID Connect district's portal learns its role here). */
  caller: z.object({ role: z.enum(ROLES), ref: str }).optional(),
});

export const CreatedRound = z.object({
  round: Round,
  units: num,
  assessors: num,
  warnings: z.array(IssueJson),
  /** The roster's people (those with a sign-in name) added to, changed in, or already so in the directory. */
  people: z.object({ added: num, updated: num, unchanged: num }),
});

/** A person of the district's people directory (docs/security.md, "People and sign-in"). */
export const PersonJson = z.object({
  login: str,
  name: str,
  role: z.enum(ROLES),
  ref: str,
  phone: str.optional(),
  email: str.optional(),
  active: z.boolean(),
  /** The sign-in identity bound on first sign-in (OpenID Connect districts). */
  bound: z.object({ issuer: str, subject: str, at: str }).optional(),
  updatedAt: str,
  updatedBy: str,
});

/** GET /people — the directory, by role, then ref, then sign-in name. */
export const PeopleList = z.object({ people: z.array(PersonJson) });

/** POST /people — the person as stored; `created` when the sign-in name was new. */
export const PersonSaved = z.object({ person: PersonJson, created: z.boolean() });

/** POST /people/{login}/active — the person as stored. */
export const PersonActive = z.object({ person: PersonJson });

export const Roster = z.object({
  units: z.array(z.object({ code: str, name: str, parent: str.optional() })),
  assessors: z.array(z.object({ id: str, name: str, lead: z.boolean(), home: str.optional() })),
  assignments: z.array(
    z.object({
      unit: str,
      precheck: z.array(str),
      formal: z.array(str),
      spotchecked: z.array(str),
      spotcheckers: z.array(str),
    }),
  ),
});

/** GET /rounds/{round}: the roster for admins only. */
export const RoundDetail = z.object({ round: Round, roster: Roster.optional() });
export const PhaseChanged = z.object({ round: Round });

/** An upload slot: a presigned POST (the signed form fields, then the file last). */
export const UploadSlot = z.object({
  uploadId: str,
  key: str,
  method: z.literal('POST'),
  url: str,
  fields: z.record(str, str),
  expiresIn: num,
  maxBytes: num,
});

const Late = z.object({ reason: str, by: str, at: str });
const CategoryScore = z.object({ code: str, score: num, max: num, na: z.boolean() });

/** What the uploader sees of an upload in lists. */
export const UploadSummary = z.object({
  uploadId: str,
  round: str,
  fileName: str,
  state: z.enum(UPLOAD_STATES),
  createdAt: str,
  settledAt: nullable(str),
  phase: nullable(Phase),
  unit: nullable(str),
  assessor: nullable(str),
  /** Null for a reconciliation sheet (合议表), which has no total of its own. */
  total: nullable(num),
  grade: nullable(str),
  /** The grade in the asked language (the rule set's label). */
  gradeLabel: nullable(str),
  categories: z.array(CategoryScore.extend({ title: str })),
  duplicateOf: nullable(str),
  /** An admin's late sheet: submitted after the panel's scores were visible, and why. */
  late: nullable(Late),
  issueCount: num,
  /** A rubric workbook's upload, once accepted or a duplicate: the stored version it made or already was. */
  rubric: z.object({ id: str, version: num, fingerprint: str }).nullable().optional(),
  /** An evidence file's upload (佐证材料): its unit and item, and once accepted the kind found in its bytes. */
  evidence: z
    .object({ unit: str, item: nullable(str), type: nullable(str) })
    .nullable()
    .optional(),
});

/** One stored rubric version (GET /rubrics). */
export const RubricInfo = z.object({
  id: str,
  version: num,
  fingerprint: str,
  title: Text,
  base: z.object({ id: str, version: num }).nullable(),
  origin: z.enum(['sample', 'upload']),
  createdAt: str,
  createdBy: str,
  fileName: nullable(str),
  /** Scored items and the scale: what a round using it scores. */
  items: num,
  scale: num,
  /** The rounds that pin this version (it can never change or be deleted). */
  rounds: z.array(str),
});
export const RubricList = z.object({ rubrics: z.array(RubricInfo) });

/** GET /uploads/{uploadId}: the summary, and for a rejected upload its issues and annotated workbook. */
export const UploadOutcome = UploadSummary.extend({
  issues: z.array(IssueJson).optional(),
  annotatedUrl: nullable(str).optional(),
});

export const MyUploads = z.object({ round: str, uploads: z.array(UploadSummary) });

/** One expected sheet and where it stands. */
export const SlotStatus = z.object({
  phase: Phase,
  unit: str,
  assessor: str,
  state: z.enum(SLOT_STATES),
  total: nullable(num),
  uploadId: nullable(str),
  receivedAt: nullable(str),
  rejections: num,
});

export const RejectionRow = z.object({
  phase: str.optional(),
  unit: str.optional(),
  assessor: str.optional(),
  receivedAt: str,
  uploadId: str,
  issueCount: num,
  /** The slot it was meant for still has no accepted sheet. */
  open: z.boolean(),
});

export const RoundStatus = z.object({
  round: str,
  phases: Phases,
  submissions: z.array(SlotStatus),
  /** Display names of the units and assessors named above. */
  names: z.object({ units: z.record(str, str), assessors: z.record(str, str) }),
  /** Admins only: every rejection, newest first. */
  rejections: z.array(RejectionRow).optional(),
});

/** A submission as a caller may see it (blind scoring decides which). */
export const SubmissionView = z.object({
  round: str,
  phase: Phase,
  unit: str,
  assessor: str,
  uploadId: str,
  receivedAt: str,
  uploader: z.object({ role: z.enum(ROLES), ref: str }),
  total: num,
  raw: num,
  applicableMax: num,
  complete: z.boolean(),
  grade: nullable(str),
  vetoed: z.boolean(),
  categories: z.array(CategoryScore).optional(),
  items: z.array(
    z.object({
      code: str,
      score: nullable(num),
      max: num,
      na: z.boolean(),
      pending: z.boolean(),
      inputs: z.unknown(),
    }),
  ),
  late: Late.optional(),
  /** The version that counts for its slot. */
  latest: z.boolean(),
});
export const UnitSubmissions = z.object({ round: str, unit: str, submissions: z.array(SubmissionView) });

/** A presigned link to a generated file. */
export const Link = z.object({ url: str, fileName: str });

/** GET /rounds/{round}/rubric: the round's pinned rubric as a list, in the asked language. */
export const RoundRubric = z.object({
  round: str,
  ruleSet: z.object({ id: str, version: num, fingerprint: str, title: str, scale: num }),
  nodes: z.array(
    z.object({
      code: str,
      title: str,
      maxPoints: num,
      depth: num,
      parent: nullable(str),
      /** A scored item (a leaf), with how it is scored and what evidence it is checked against. */
      leaf: z.boolean(),
      method: nullable(str),
      evidence: nullable(str),
    }),
  ),
});
export const ReconciliationSheetLink = Link.extend({ flagged: num });

export { Results, PhaseResult, UnitResult } from './results.ts';
export { EvidenceFile, EvidenceLink, EvidenceList } from './evidence.ts';
export { RectificationAnswer } from './rectification.ts';

/** POST /rounds/{round}/rectification — the round with its deadline. */
export const RectificationSet = z.object({ round: Round });

export const AuditEntry = z.object({
  id: str,
  at: str,
  round: str,
  caller: nullable(z.object({ sub: str, role: str, ref: str })),
  /** A route key or an ingest event (`upload.accepted`...). */
  action: str,
  /** The HTTP status of a route call, or the event's outcome. */
  outcome: str,
  unit: str.optional(),
  phase: str.optional(),
  assessor: str.optional(),
  uploadId: str.optional(),
  detail: str.optional(),
});
export const AuditTrail = z.object({
  round: str,
  unit: nullable(str),
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page. */
  next: nullable(str),
});

export type ErrorBody = z.infer<typeof ErrorBody>;
export type IssueJson = z.infer<typeof IssueJson>;
export type Text = z.infer<typeof Text>;

/** A before/after pair of a calibration comparison. */
const BeforeAfter = z.object({ before: nullable(num), after: nullable(num), change: nullable(num) });
const Note = z.object({ code: str, params: z.record(str, z.union([str, num])), message: str });

/**
 * GET /rounds/{round}/calibration: the calibration report (shared/domain/calibration.ts). An
 * assessor (once the admin released it) gets its own row among `assessors` and no one else's,
 * and the reasons it wrote itself; admins get everything, and a comparison with `compare`.
 */
export const CalibrationReport = z.object({
  ruleSet: z.object({ id: str, version: num, fingerprint: str }),
  keyAssessor: str,
  cases: z.array(
    z.object({
      code: str,
      title: str,
      key: z.enum(['sheet', 'median', 'none']),
      sheets: num,
      total: nullable(num),
      items: z.array(
        z.object({
          code: str,
          score: nullable(num),
          na: nullable(z.boolean()),
          veto: nullable(z.boolean()),
          met: nullable(z.boolean()),
          reason: str.optional(),
        }),
      ),
    }),
  ),
  assessors: z.array(
    z.object({
      assessor: str,
      sheets: num,
      items: num,
      leniency: nullable(num),
      leniencyShare: nullable(num),
      mad: nullable(num),
      madShare: nullable(num),
      cases: z.array(z.object({ case: str, total: num, key: nullable(num), deviation: nullable(num) })),
      furthest: z.array(z.object({ case: str, code: str, theirs: num, key: num, deviation: num })),
      judgements: z.array(
        z.object({
          kind: z.enum(['veto', 'na', 'met']),
          case: str,
          code: str,
          theirs: z.boolean(),
          key: z.boolean(),
        }),
      ),
    }),
  ),
  items: z.array(
    z.object({
      code: str,
      category: str,
      max: num,
      spread: nullable(num),
      spreadShare: nullable(num),
      range: nullable(num),
      cases: z.array(
        z.object({
          case: str,
          scores: num,
          sd: nullable(num),
          low: nullable(num),
          high: nullable(num),
          range: nullable(num),
        }),
      ),
      matched: nullable(num),
      compared: num,
      reasons: z.array(z.object({ assessor: str, case: str, text: str })),
      keyReasons: z.array(z.object({ case: str, text: str })),
    }),
  ),
  overall: z.object({
    assessors: num,
    cases: num,
    alpha: nullable(num),
    alphaUnits: num,
    icc21: nullable(num),
    icc31: nullable(num),
    iccItems: num,
  }),
  notes: z.array(Note),
});

export const CalibrationComparison = z.object({
  before: str,
  items: z.array(
    BeforeAfter.extend({ code: str, verdict: z.enum(['narrower', 'wider', 'same']).nullable() }),
  ),
  assessors: z.array(
    z.object({
      assessor: str,
      mad: BeforeAfter,
      leniency: BeforeAfter,
      verdict: z.enum(['closer', 'further', 'same']).nullable(),
    }),
  ),
  alpha: BeforeAfter,
  notes: z.array(Note),
});

export const CalibrationAnswer = z.object({
  round: str,
  released: z.boolean(),
  /** Who the report was cut for: the admin sees all; an assessor its own row. */
  viewer: z.enum(['admin', 'assessor']),
  cases: z.array(z.object({ code: str, title: str, description: str.optional() })),
  /** Item titles and categories in the asked language, by code, for display. */
  titles: z.record(str, str),
  report: CalibrationReport,
  comparison: CalibrationComparison.optional(),
});

export const CalibrationReleased = z.object({ round: Round });
