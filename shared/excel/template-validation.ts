import type ExcelJS from 'exceljs';
import { colLetter, type LayoutRow } from '../domain/layout.ts';
import { MAX_NOTE } from '../domain/read-inputs.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { Lang } from '../domain/text.ts';
import type { FormulaWords } from './score-formulas.ts';

/** The data validation of an input cell: the choices, numbers or text length it accepts. */
export function validationFor(
  row: LayoutRow,
  kind: string,
  index: number | undefined,
  words: FormulaWords,
  lang: Lang,
): ExcelJS.DataValidation {
  const node = row.node;
  const m = node.method;
  const zh = lang === 'zh';
  const base = {
    allowBlank: true,
    showErrorMessage: true,
    showInputMessage: false,
    errorStyle: 'stop' as const,
    errorTitle: 'cepin',
  };
  const choice = `"${words.yes},${SHEET_WORDS.no[lang]}"`;
  if (kind === 'tick' || kind === 'na' || kind === 'veto' || kind === 'sample') {
    return { ...base, type: 'list', formulae: [choice], error: zh ? '请选择“是”或“否”' : 'Choose Yes or No' };
  }
  if (kind === 'met') {
    const a = SHEET_WORDS.compliance;
    return {
      ...base,
      type: 'list',
      formulae: [`"${[a.met, a.notMet, ...(node.naAllowed ? [a.na] : [])].map((x) => x[lang]).join(',')}"`],
      error: node.naAllowed
        ? zh
          ? '请选择“符合”“不符合”或“不适用”'
          : 'Choose Met, Not met or N/A'
        : zh
          ? '请选择“符合”或“不符合”'
          : 'Choose Met or Not met',
    };
  }
  if (
    (kind === 'count' && (m?.type === 'deduction' || m?.type === 'defects')) ||
    (kind === 'measure' && m?.type === 'count')
  ) {
    const max = (m.type === 'deduction' ? m.deductions[index ?? 0]?.maxCount : undefined) ?? 9999;
    return {
      ...base,
      type: 'whole',
      operator: 'between',
      formulae: [0, max],
      error: zh ? `请填写 0–${max} 的整数` : `Enter a whole number 0–${max}`,
    };
  }
  if (kind === 'measure' && m?.type === 'scale') {
    const max = m.input.max ?? 1e9;
    return {
      ...base,
      type: m.input.unit === 'count' ? 'whole' : 'decimal',
      operator: 'between',
      formulae: [m.input.min, max],
      error: zh ? `请填写 ${m.input.min}–${max} 的数值` : `Enter a number ${m.input.min}–${max}`,
    };
  }
  if (kind === 'score') {
    const step = m?.type === 'direct' ? m.step : 0.5;
    const a = `${colLetter(row.inputs.find((i) => i.kind === 'score')?.col ?? 5)}${row.row}`;
    return {
      ...base,
      type: 'custom',
      formulae: [`AND(ISNUMBER(${a}),${a}>=0,${a}<=${node.maxPoints},MOD(ROUND(${a}/${step},6),1)=0)`],
      error: zh
        ? `请填写 0–${node.maxPoints} 的分数,步长 ${step}`
        : `Enter a score 0–${node.maxPoints} in steps of ${step}`,
    };
  }
  return {
    ...base,
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [MAX_NOTE],
    error: zh ? `不超过 ${MAX_NOTE} 字` : `At most ${MAX_NOTE} characters`,
  };
}
