import type ExcelJS from 'exceljs';
import { SHEET_NAMES } from '../domain/layout.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import type { SheetMeta } from '../domain/sheet-meta.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import { tr } from '../domain/text.ts';
import { a4FitToWidth } from './print.ts';

const TEXT = {
  zh: (scores: string) => [
    '填表说明',
    `1. 只在“${scores}”表的黄色单元格中填写;编号、内容、分值和得分公式已锁定,请勿修改、插入或删除行,请勿改动表名。`,
    '2. 直接打分项:在“得分/实测值”列填 0 至分值之间的分数,步长 0.5(可填 8.5;“满分”按满分计)。',
    '3. 逐条勾选项:在 ①②③… 列逐条选“是”或“否”,得分为所选条款分值之和。',
    '4. 扣分项:在 ①②③… 列填发现的次数(整数,未发现填 0 或留空),按标准扣分,扣完为止。',
    '5. 按实测值计分项:在“得分/实测值”列填百分比数值(如 97 表示 97%)或数量,按分段表计分。',
    '6. “不适用”列:仅标注“可填不适用”的项目可选“是”;不适用项不计入总分,总分按比例折算为百分制。',
    '7. “否决情形”列:带一票否决的项目必须选“是”或“否”;选“是”即测评不合格。',
    '8. 凡失分的项目,请在“扣分原因/存在问题”列写明问题,在“整改建议”列提出建议,反馈意见据此生成。',
    '9. 得分和总分随填写自动计算,仅供参考;上传后系统按填写内容重新计分。',
    '10. 请保存为 .xlsx 格式上传(不要另存为 .xls、.xlsm 或 .csv)。',
  ],
  en: (scores: string) => [
    'How to fill in this template',
    `1. Fill in only the yellow cells of the “${scores}” sheet. Codes, requirements, points and score formulas are locked: do not edit, insert or delete rows, and do not rename sheets.`,
    '2. Direct items: enter a score from 0 to the item’s points in “Score / measured”, in steps of 0.5 (8.5 is fine; “full” means full marks).',
    '3. Checklist items: choose Yes or No under ①②③… for each clause; the score is the sum of the clauses met.',
    '4. Deduction items: enter under ①②③… how many times each finding occurred (a whole number; 0 or blank for none). Points are deducted down to 0.',
    '5. Measured items: enter the percentage (97 means 97%) or the count in “Score / measured”; the scale table gives the points.',
    '6. N/A: only items marked “may be marked N/A” can be set to Yes; they are left out and the total is rescaled to the full scale.',
    '7. Veto met: items with a veto condition must be answered Yes or No; Yes fails the unit.',
    '8. For every item that loses points, describe the problem and give a rectification suggestion; the written feedback is built from them.',
    '9. Scores and totals update as you type and are a guide only; cepin recomputes everything from your inputs on upload.',
    '10. Save as .xlsx to upload (not .xls, .xlsm or .csv).',
  ],
};

/** How to fill in the further kinds of item, only for a rule set that has them (numbered on from 11). */
function patternLines(rs: RuleSet, lang: 'zh' | 'en'): string[] {
  const types = new Set(rs.leaves.map((l) => l.method?.type));
  const zh = lang === 'zh';
  const out: string[] = [];
  if (types.has('compliance'))
    out.push(
      zh
        ? '符合性检查项:在“得分/实测值”列选“符合”或“不符合”(标注“可填不适用”的项目可选“不适用”);不符合的项目请写明存在问题和整改建议。'
        : 'Compliance items: choose Met or Not met in “Score / measured” (N/A where the item may be marked N/A); for an item not met, describe the problem and give a suggestion.',
    );
  if (types.has('count'))
    out.push(
      zh
        ? '计数项:在 ①②③… 列逐项选“是”(具备)或“否”,或在“得分/实测值”列填数量(整数),每项计分,不超过分值。'
        : 'Count items: choose Yes (present) or No under ①②③… for each thing listed, or enter the count in “Score / measured”; points per thing, up to the item’s points.',
    );
  if (types.has('sampling'))
    out.push(
      zh
        ? '抽查项:每抽查一份,在 ①②③… 列依次选“是”(合格)或“否”,未抽到的留空;不足规定份数时按比例计分。'
        : 'Sampling items: for each entry sampled choose Yes (passed) or No under ①②③… in turn, leaving the rest blank; a short sample is rescaled.',
    );
  if (types.has('defects'))
    out.push(
      zh
        ? '分类扣分项:在 ①②③… 列填各类发现的问题处数(整数),每类扣完为止。'
        : 'Per-part deductions: enter under ①②③… how many defects were found in each part (a whole number); each part stops at its floor.',
    );
  if (rs.nodes.some((n) => n.evidence))
    out.push(
      zh
        ? '“见证材料编号”列:填写据以核查的材料编号。'
        : '“Evidence ref.”: enter the reference of the evidence the item was checked against.',
    );
  if ((rs.grading.facts ?? []).length > 0)
    out.push(
      zh
        ? '表格下方“直接判定不合格的情形”:逐项选“是”或“否”,存在任一情形即为不合格。'
        : 'Below the totals, “Facts that fail the unit outright”: answer each Yes or No; any Yes fails the unit.',
    );
  return out.map((line, i) => `${11 + i}. ${line}`);
}

/** Writes the instructions sheet: how to fill in each kind of item, and what the template is for. */
export function writeInstructions(ws: ExcelJS.Worksheet, rs: RuleSet, meta: SheetMeta): void {
  const lang = meta.lang;
  const w = SHEET_WORDS;
  const lines = [...TEXT[lang](SHEET_NAMES.scores[lang]), ...patternLines(rs, lang)];
  ws.getColumn(1).width = 66;
  const sep = lang === 'zh' ? ':' : ': ';
  const facts = [
    `${w.ruleSet[lang]}${sep}${tr(rs.title, lang)} (${rs.id} v${rs.version}, ${rs.fingerprint.slice(0, 12)})`,
    `${lang === 'zh' ? '阶段' : 'Phase'}${sep}${w.phase[meta.phase][lang]}`,
    `${w.unit[lang]}${sep}${meta.unit || '—'}`,
    `${w.assessor[lang]}${sep}${meta.assessor || '—'}`,
  ];
  ws.addRow([lines[0]]).getCell(1).font = { bold: true, size: 14 };
  const height = (text: string) => 16 * Math.ceil(text.length / (lang === 'zh' ? 30 : 66)) + 6;
  for (const f of facts) {
    const row = ws.addRow([f]);
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = height(f);
  }
  ws.addRow([]);
  for (const line of lines.slice(1)) {
    const row = ws.addRow([line]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    // Rows do not grow to fit wrapped text by themselves in every program: size them here.
    row.height = height(line);
  }
  ws.pageSetup = a4FitToWidth('portrait');
  void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}
