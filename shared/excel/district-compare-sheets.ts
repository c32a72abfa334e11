import type ExcelJS from 'exceljs';
import type { Lang } from '../domain/text.ts';
import { planComparison } from './district-compare-plan.ts';
import type { RoundSummary } from './district-summary.ts';
import { PLAQUE_YES } from './round-workbook-format.ts';
import { FILL, redToGreen } from './report-palette.ts';
import { blankRow, type Col, dataRow, headerRow } from './report-rows.ts';
import { openSheet, range } from './report-sheet.ts';

const SHEETS = {
  districts: { zh: '区县对比', en: 'Districts' },
  ranking: { zh: '全市排名', en: 'Ranking' },
  notes: { zh: '说明', en: 'Notes' },
} as const;

const PERCENT = '0.0%';

/** Writes the three comparison sheets into a streaming workbook; returns the notes. */
export function writeDistrictSheets(
  wb: ExcelJS.Workbook,
  inputs: readonly RoundSummary[],
  lang: Lang,
): string[] {
  const zh = lang === 'zh';
  const plan = planComparison(inputs, lang);
  const title = zh ? '区县测评对比' : 'District comparison';
  const per100 = plan.normalised ? (zh ? '(百分制)' : ' (per 100)') : '';
  const star = plan.sameRules ? '' : ' *';

  const cols: Col[] = [
    { header: zh ? '区' : 'District', width: 16, wrap: true, user: true },
    { header: zh ? '测评轮次' : 'Round', width: 12, user: true },
    { header: zh ? '测评细则' : 'Rule set', width: 24, wrap: true, user: true },
    { header: zh ? '单位数' : 'Units', width: 8, center: true },
    { header: zh ? '已有正式总分' : 'Assessed', width: 9, center: true },
    { header: `${zh ? '平均总分' : 'Mean total'}${per100}`, width: 10, center: true, fmt: '0.00' },
    { header: `${zh ? '中位数' : 'Median'}${per100}`, width: 10, center: true, fmt: '0.00' },
    { header: zh ? '合格率' : 'Pass rate', width: 9, center: true, fmt: PERCENT },
    { header: zh ? '优秀率' : 'Excellent rate', width: 9, center: true, fmt: PERCENT },
    { header: zh ? '标牌数' : 'Plaques', width: 8, center: true },
    ...plan.grades.map((g) => ({ header: `${g}${zh ? '(个)' : ' (units)'}`, width: 9, center: true })),
    ...plan.categories.map((c) => {
      const title = inputs.find((i) => i.categories)?.categories?.find((x) => x.code === c)?.title ?? '';
      return {
        header: `${c} ${title}\n${zh ? '得分率' : '%'}${star}`,
        width: 12,
        center: true,
        fmt: PERCENT,
      };
    }),
  ];
  const ws = openSheet(wb, SHEETS.districts[lang], {
    lang,
    pageHeader: title,
    cols,
    freezeRows: 1,
    freezeCols: 1,
  });
  headerRow(ws, cols);
  for (const d of plan.districts) {
    const i = d.input;
    dataRow(ws, cols, [
      i.districtName && i.districtName !== i.district ? `${i.district} ${i.districtName}` : i.district,
      i.round,
      `${i.ruleSet} v${i.ruleVersion}\n${i.fingerprint.slice(0, 12)}`,
      d.units,
      d.assessed,
      d.mean,
      d.median,
      d.passRate,
      d.excellentRate,
      d.plaques,
      ...plan.grades.map((g) => d.grades[g] ?? 0),
      ...plan.categories.map((c) => d.categories[c] ?? null),
    ]);
  }
  if (plan.districts.length > 0) ws.autoFilter = range(1, 1, plan.districts.length + 1, cols.length);
  // A colour scale over one or two districts would paint one of them red for no good reason.
  if (plan.districts.length > 2) {
    const meanCol = 6;
    redToGreen(ws, range(2, meanCol, plan.districts.length + 1, meanCol));
  }
  ws.commit();

  const rcols: Col[] = [
    { header: zh ? '名次' : 'Rank', width: 6, center: true },
    { header: zh ? '区' : 'District', width: 14, wrap: true, user: true },
    { header: zh ? '单位代码' : 'Code', width: 10, user: true },
    { header: zh ? '单位名称' : 'Unit', width: 30, wrap: true, user: true },
    { header: `${zh ? '正式总分' : 'Formal total'}${per100}`, width: 11, center: true, fmt: '0.00' },
    { header: zh ? '等级' : 'Grade', width: 10, center: true, user: true },
    { header: zh ? '标牌' : 'Plaque', width: 7, center: true },
    { header: zh ? '测评细则' : 'Rule set', width: 22, user: true },
  ];
  const rs = openSheet(wb, SHEETS.ranking[lang], {
    lang,
    pageHeader: title,
    cols: rcols,
    freezeRows: 1,
    freezeCols: 1,
  });
  headerRow(rs, rcols);
  for (const r of plan.ranking) {
    dataRow(rs, rcols, [
      r.rank,
      r.input.districtName || r.input.district,
      r.unit.code,
      r.unit.name,
      r.score,
      r.unit.grade,
      r.unit.plaque ? PLAQUE_YES[lang] : zh ? '否' : 'No',
      `${r.input.ruleSet} v${r.input.ruleVersion}`,
    ]);
  }
  if (plan.ranking.length > 0) rs.autoFilter = range(1, 1, plan.ranking.length + 1, rcols.length);
  rs.commit();

  const ncols: Col[] = [
    { header: zh ? '说明' : 'Notes', width: 16, wrap: true, user: true },
    { header: '', width: 12, user: true },
    { header: '', width: 22, user: true },
    { header: '', width: 8, center: true },
    { header: '', width: 66, wrap: true, user: true },
    { header: '', width: 8, center: true },
  ];
  const wide: Col[] = [{ header: '', width: 132, wrap: true, user: true }];
  const ns = openSheet(wb, SHEETS.notes[lang], { lang, pageHeader: title, cols: ncols, freezeRows: 1 });
  headerRow(ns, ncols, { labels: [zh ? '说明' : 'Notes', '', '', '', '', ''], merges: [[1, 6]] });
  plan.notes.forEach((n, k) => dataRow(ns, wide, [`${k + 1}. ${n}`], { merge: [1, 6] }));
  blankRow(ns);
  headerRow(ns, ncols, {
    labels: [
      zh ? '区' : 'District',
      zh ? '测评轮次' : 'Round',
      zh ? '测评细则' : 'Rule set',
      zh ? '版本' : 'Version',
      zh ? '细则指纹' : 'Fingerprint',
      zh ? '单位数' : 'Units',
    ],
  });
  for (const i of inputs) {
    dataRow(
      ns,
      ncols,
      [i.districtName || i.district, i.round, i.ruleSet, i.ruleVersion, i.fingerprint, i.units.length],
      {
        fills: plan.sameRules ? [] : [undefined, undefined, FILL.warn, FILL.warn, FILL.warn],
      },
    );
  }
  ns.commit();
  return plan.notes;
}
