import type { ResponseOf } from '../api/contract.ts';
import type { ApiClient } from '../client/api-client.ts';
import { uploadAndWait, type UploadOutcome } from '../client/upload.ts';
import type { InputKind, Layout, Phase } from '../domain/layout.ts';
import { expectedSlots, type Roster } from '../domain/roster.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { seededRandom } from '../domain/sample.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { Lang } from '../domain/text.ts';
import { fillReconciliationSheet, reconciliationRows } from '../excel/reconciliation-fill.ts';
import { makeSample } from '../use-cases/make-template.ts';
import { runDemoRectification, verifiedFixes, type DemoRectification } from './demo-rectification.ts';

/** What the demo round needs: a way to sign in, the round to create and where files go. */
export interface DemoRoundDeps {
  login: (as: string) => Promise<ApiClient>;
  rs: RuleSet;
  roster: Roster;
  rosterBytes: Uint8Array;
  round: string;
  lang: Lang;
  now: () => Date;
  write: (file: string, bytes: Uint8Array) => void;
  progress?: (done: number, total: number, label: string) => void;
  /** An earlier round (last year's): the formal assessment only, no pre-check, notices or 合议表. */
  earlier?: boolean | undefined;
}

/** What the demo did. */
export interface DemoRoundSummary {
  round: string;
  units: number;
  sheets: number;
  accepted: number;
  rejected: number;
  fixedAndResent: number;
  reconciled: { unit: string; items: number } | null;
  /** The pre-check's rectification notices and the units' answers (absent for an earlier round). */
  rectification?: DemoRectification | undefined;
  outcomes: (UploadOutcome & { file: string })[];
}

type Mistake = (values: Map<string, string | number>, layout: Layout) => void;
/** The first input of the first kind the sheet has (a compliance checklist has no score or veto cells). */
const firstCell = (layout: Layout, ...kinds: InputKind[]) => {
  const inputs = layout.rows.flatMap((r) => r.inputs);
  for (const kind of kinds) {
    const found = inputs.find((c) => c.kind === kind);
    if (found) return found.address;
  }
  throw new Error(`the sheet has no ${kinds.join(' or ')} cell`);
};
/** The mistakes people make, each rejected with its cell named, then corrected and sent again. */
const MISTAKES: Mistake[] = [
  (v, l) => v.set(firstCell(l, 'score', 'met'), '１.３'),
  (v, l) => v.set(firstCell(l, 'score', 'met'), '良好'),
  (v, l) => v.delete(firstCell(l, 'veto', 'met')),
];
const COMPLIANCE = SHEET_WORDS.compliance;
/** What an assessor who judges an item not met (where the others found it met) writes down. */
const FLIP_NOTES = {
  problem: { zh: '现场核查时未能提供相应记录', en: 'No record of it could be shown on site' },
  suggestion: { zh: '补齐相关记录并建立定期自查机制', en: 'Complete the records and check them regularly' },
};

/**
 * Runs a round the way a district does, through the API: the admin creates it from the roster and
 * opens every phase; units upload self-assessments; pre-check pairs, spot-checkers and formal panels
 * upload their sheets (panels mostly agree, each assessor with a little noise; a few sheets are
 * mistyped, rejected, corrected and uploaded again); the admin closes scoring; one panel lead
 * uploads the reconciliation sheet; the admin closes the formal phase.
 */
export async function runDemoRound(d: DemoRoundDeps): Promise<DemoRoundSummary> {
  const admin = await d.login('admin');
  await admin.call('POST', '/rounds', {
    round: d.round,
    rules: d.rs.id,
    ruleVersion: d.rs.version,
    roster: Buffer.from(d.rosterBytes).toString('base64'),
    open: d.earlier ? ['formal', 'spotcheck'] : ['self', 'precheck', 'formal', 'spotcheck'],
  });
  const withSubs = new Set(d.roster.units.filter((u) => u.parent).map((u) => u.parent!));
  const all = expectedSlots(d.roster);
  // The pre-check comes first; its notices are answered before the formal assessment.
  const early = new Set<Phase>(d.earlier ? [] : ['self', 'precheck']);
  const slots = [
    ...all.filter((s) => early.has(s.phase)),
    ...all.filter(
      (s) => !early.has(s.phase) && (!d.earlier || s.phase === 'formal' || s.phase === 'spotcheck'),
    ),
  ];
  const clients = new Map<string, ApiClient>();
  const as = async (who: string) => clients.get(who) ?? clients.set(who, await d.login(who)).get(who)!;
  const outcomes: DemoRoundSummary['outcomes'] = [];
  let fixed = 0;
  let mistakes = 0;
  let formalSeen = 0;
  let rectification: DemoRectification | undefined;
  let fixedItems = new Map<string, Set<string>>();
  for (const [n, slot] of slots.entries()) {
    if (!d.earlier && !rectification && !early.has(slot.phase)) {
      const r = await runDemoRectification(d, admin, as);
      rectification = r.summary;
      fixedItems = r.fixed;
    }
    const unitIndex = Number(slot.unit.replace(/\D/g, '').slice(0, 4)) || n;
    const lossRate = { self: 0.12, precheck: 0.45, spotcheck: 0.3, formal: 0.22 }[slot.phase];
    // One seed per unit and phase: the panel sees the same unit; each assessor adds a little noise.
    const spec = {
      phase: slot.phase as Phase,
      unit: slot.unit,
      assessor: slot.assessor || undefined,
      lang: d.lang,
      now: d.now,
      seed: unitIndex * 10 + slot.phase.length + (d.earlier ? 7 : 0),
      lossRate,
      noSubordinates: !withSubs.has(slot.unit),
    };
    const noise: Mistake = (values, layout) => {
      if (!slot.assessor) return;
      const rnd = seededRandom(unitIndex * 1000 + Number(slot.assessor.replace(/\D/g, '')));
      for (const row of layout.rows) {
        const cell = row.inputs.find((c) => c.kind === 'score');
        const v = cell && values.get(cell.address);
        if (typeof v === 'number' && rnd() < 0.08)
          values.set(cell!.address, Math.max(0, v - 0.5 * (1 + Math.floor(rnd() * 2))));
        // A compliance item: now and then one assessor judges it the other way.
        const met = row.inputs.find((c) => c.kind === 'met');
        const answer = met && values.get(met.address);
        const [yes, no] = [COMPLIANCE.met[d.lang], COMPLIANCE.notMet[d.lang]];
        if ((answer === yes || answer === no) && rnd() < 0.06) {
          values.set(met!.address, answer === yes ? no : yes);
          // Who finds an item not met says what they found; who finds it met writes nothing.
          const note = (kind: InputKind) => row.inputs.find((c) => c.kind === kind)?.address;
          for (const [kind, text] of [
            ['problem', FLIP_NOTES.problem[d.lang]],
            ['suggestion', FLIP_NOTES.suggestion[d.lang]],
          ] as const) {
            const at = note(kind);
            if (at && answer === yes) values.set(at, text);
            else if (at) values.delete(at);
          }
        }
      }
    };
    // What the unit fixed since the pre-check, the panel finds fixed.
    const verified: Mistake = (values, layout) => {
      noise(values, layout);
      if (slot.phase === 'formal') verifiedFixes(values, layout, fixedItems.get(slot.unit), d.lang);
    };
    const file = `sheets/${slot.unit}-${slot.phase}${slot.assessor ? `-${slot.assessor}` : ''}.xlsx`;
    const client = await as(slot.assessor ? `assessor:${slot.assessor}` : `unit:${slot.unit}`);
    // Every 37th formal sheet from the 6th on is mistyped first (at most one of each mistake).
    const mistake =
      slot.phase === 'formal' && formalSeen++ % 37 === 5 && mistakes < MISTAKES.length && !d.earlier
        ? MISTAKES[mistakes++]
        : undefined;
    if (mistake) {
      const bad = await makeSample(d.rs, spec, (v, l) => (verified(v, l), mistake(v, l)));
      const badFile = file.replace('.xlsx', '-draft.xlsx');
      d.write(badFile, bad.bytes);
      outcomes.push({
        ...(await uploadAndWait(client, d.round, badFile.split('/').pop()!, bad.bytes, { lang: d.lang })),
        file: badFile,
      });
      fixed++;
    }
    const made = await makeSample(d.rs, spec, verified);
    d.write(file, made.bytes);
    outcomes.push({
      ...(await uploadAndWait(client, d.round, file.split('/').pop()!, made.bytes, { lang: d.lang })),
      file,
    });
    d.progress?.(n + 1, slots.length, file);
  }
  await admin.call('POST', `/rounds/${encodeURIComponent(d.round)}/phases/formal`, {
    action: 'close-scoring',
  });
  const reconciled = d.earlier ? null : await reconcileOneUnit(d, admin, as);
  await admin.call('POST', `/rounds/${encodeURIComponent(d.round)}/phases/formal`, { action: 'close' });
  const sheetOutcomes = outcomes.filter((o) => !o.file.startsWith('reconciliation/'));
  return {
    round: d.round,
    units: d.roster.units.filter((u) => !u.parent).length,
    sheets: sheetOutcomes.length,
    accepted: sheetOutcomes.filter((o) => o.state === 'accepted' || o.state === 'duplicate').length,
    rejected: sheetOutcomes.filter((o) => o.state === 'rejected').length,
    fixedAndResent: fixed,
    reconciled,
    rectification,
    outcomes,
  };
}

/** The lead of the first unit with flagged items downloads its 合议表, agrees scores with reasons, uploads it. */
async function reconcileOneUnit(d: DemoRoundDeps, admin: ApiClient, as: (who: string) => Promise<ApiClient>) {
  for (const a of d.roster.assignments) {
    const lead = a.formal.find((id) => d.roster.assessors.find((x) => x.id === id)?.lead);
    if (!lead) continue;
    const client = await as(`assessor:${lead}`);
    const q = new URLSearchParams({ unit: a.unit, phase: 'formal', lang: d.lang });
    const link = await client.call<ResponseOf<'GET /rounds/{round}/reconciliation-sheet'>>(
      'GET',
      `/rounds/${encodeURIComponent(d.round)}/reconciliation-sheet?${q}`,
    );
    if (link.flagged === 0) continue;
    const sheet = await client.download(link.url);
    const rows = await reconciliationRows(sheet);
    const reason = d.lang === 'zh' ? '组内合议,按多数意见认定' : 'Agreed by the panel on the majority view';
    // Every veto disagreement needs a decision; the demo's panels find no incident on site.
    const agreed = new Map(
      rows.map((r) => [
        r.code,
        {
          score: Math.round((r.computed ?? 0) * 2) / 2,
          reason,
          veto: r.veto ? ('overturn' as const) : undefined,
        },
      ]),
    );
    const filled = await fillReconciliationSheet(sheet, agreed);
    d.write(`reconciliation/${a.unit}-合议表.xlsx`, filled);
    const out = await uploadAndWait(client, d.round, `${a.unit}-合议表.xlsx`, filled, { lang: d.lang });
    if (out.state !== 'accepted')
      throw new Error(`reconciliation sheet of ${a.unit} was ${out.state}: ${JSON.stringify(out.issues)}`);
    return { unit: a.unit, items: agreed.size };
  }
  void admin;
  return null;
}
