import { PHASES } from '../domain/layout.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import type { Lang } from '../domain/text.ts';
import { checkSheet, type CheckResult, type RuleSetSource } from './check-sheet.ts';
import { makeSample, makeTemplate } from './make-template.ts';

/** One sheet the demo made and checked. */
export interface DemoSheet {
  file: string;
  unit: string;
  phase: string;
  assessor: string;
  result: CheckResult;
}

/** Ports and settings of the offline demo. */
export interface DemoDeps {
  rs: RuleSet;
  rules: RuleSetSource;
  lang: Lang;
  units: number;
  assessors: number;
  now: () => Date;
  write: (file: string, bytes: Uint8Array) => void;
  progress?: ((done: number, total: number) => void) | undefined;
}

/**
 * The offline part of a round: templates for every phase, then per unit a self-assessment and
 * independent formal sheets from several assessors (one of them mistyped, as people do), each
 * checked as an upload would be.
 */
export async function runOfflineDemo(d: DemoDeps): Promise<{ templates: string[]; sheets: DemoSheet[] }> {
  const templates: string[] = [];
  for (const phase of PHASES) {
    const file = `templates/${phase}-${d.lang}.xlsx`;
    d.write(file, (await makeTemplate(d.rs, { phase, lang: d.lang, now: d.now })).bytes);
    templates.push(file);
  }
  type Step = {
    unit: string;
    phase: 'self' | 'formal' | 'spotcheck';
    assessor: string;
    seed: number;
    of?: string;
  };
  const plan: Step[] = [];
  for (let u = 1; u <= d.units; u++) {
    const unit = `U${String(u).padStart(2, '0')}`;
    // Every third unit has no subordinates; the others get two of them spot-checked first.
    if (u % 3 !== 2)
      for (const s of [1, 2])
        plan.push({
          unit: `${unit}-S${s}`,
          of: unit,
          phase: 'spotcheck',
          assessor: 'A01',
          seed: u * 100 + 50 + s,
        });
    plan.push({ unit, phase: 'self', assessor: '', seed: u * 100 });
    for (let a = 1; a <= d.assessors; a++)
      plan.push({ unit, phase: 'formal', assessor: `A${String(a).padStart(2, '0')}`, seed: u * 100 + a });
  }
  const spotPercents = new Map<string, number[]>();
  const sheets: DemoSheet[] = [];
  for (const [i, p] of plan.entries()) {
    const mistyped = p.phase === 'formal' && p.unit === 'U01' && p.assessor === 'A02'; // one assessor types a score off the 0.5 step
    const made = await makeSample(
      d.rs,
      {
        phase: p.phase,
        lang: d.lang,
        unit: p.unit,
        assessor: p.assessor || undefined,
        now: d.now,
        seed: p.seed,
        noSubordinates: p.phase === 'spotcheck' || !spotPercents.has(p.unit),
      },
      mistyped
        ? (values, layout) => {
            // A score off the step, or on a compliance checklist the judgement people write that is none.
            const cell = layout.rows
              .flatMap((r) => r.inputs)
              .find((c) => c.kind === 'score' || c.kind === 'met')!;
            values.set(cell.address, cell.kind === 'score' ? '１.３' : '基本符合');
          }
        : undefined,
    );
    const file = `sheets/${p.unit}-${p.phase}${p.assessor ? `-${p.assessor}` : ''}.xlsx`;
    d.write(file, made.bytes);
    const result = await checkSheet(made.bytes, {
      rules: d.rules,
      fileName: file,
      spotcheckPercents: spotPercents.get(p.unit),
    });
    if (p.of && result.score) spotPercents.set(p.of, [...(spotPercents.get(p.of) ?? []), result.score.total]);
    sheets.push({ file, unit: p.unit, phase: p.phase, assessor: p.assessor, result });
    d.progress?.(i + 1, plan.length);
  }
  return { templates, sheets };
}
