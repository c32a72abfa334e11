import type { Phase } from './layout.ts';
import type { RuleNode } from './rule-set.ts';
import type { Band } from './rule-set-schema.ts';
import { round2 } from './stats.ts';
import { tr, type Lang } from './text.ts';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫';

/** The mark for clause or deduction number `i` (0-based): ①, ②, ... */
export function circled(i: number): string {
  return CIRCLED[i] ?? `(${i + 1})`;
}

/** Words used on generated sheets, in both languages. */
export const SHEET_WORDS = {
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  phase: {
    self: { zh: '自评', en: 'Self-assessment' },
    precheck: { zh: '预检', en: 'Pre-check' },
    formal: { zh: '正式测评', en: 'Formal assessment' },
    spotcheck: { zh: '下属单位抽查', en: 'Subordinate spot-check' },
  } satisfies Record<Phase, { zh: string; en: string }>,
  headers: {
    code: { zh: '编号', en: 'Code' },
    title: { zh: '测评内容', en: 'Requirement' },
    points: { zh: '分值', en: 'Points' },
    method: { zh: '评分方法及标准', en: 'Scoring method' },
    value: { zh: '得分/实测值', en: 'Score / measured' },
    slot: { zh: '勾选/扣分次数', en: 'Ticks / counts' },
    na: { zh: '不适用', en: 'N/A' },
    veto: { zh: '否决情形', en: 'Veto met' },
    score: { zh: '得分', en: 'Points earned' },
    problem: { zh: '扣分原因/存在问题', en: 'Problem found' },
    suggestion: { zh: '整改建议', en: 'Rectification suggestion' },
    applicable: { zh: '适用分值', en: 'Applicable points' },
  },
  unit: { zh: '被测评单位', en: 'Unit' },
  assessor: { zh: '测评员', en: 'Assessor' },
  ruleSet: { zh: '测评细则', en: 'Rule set' },
  rawTotal: { zh: '合计(原始得分 / 适用分值)', en: 'Total (raw points / applicable points)' },
  scaledTotal: { zh: '总分(不适用项按比例折算)', en: 'Total (rescaled for N/A items)' },
  derived: { zh: '由抽查计算', en: 'From spot-checks' },
  scoreSheetTitle: { zh: '评分表', en: 'score sheet' },
} as const;

const num = (x: number) => String(round2(x));

function bandText(b: Band, unit: string, lang: Lang): string {
  const range =
    b.max === undefined
      ? `≥${num(b.min)}${unit}`
      : b.min === 0
        ? `<${num(b.max)}${unit}`
        : `${num(b.min)}–${num(b.max)}${unit}`;
  if (Array.isArray(b.points)) {
    return lang === 'zh'
      ? `${range} 按比例 ${num(b.points[0])}–${num(b.points[1])} 分`
      : `${range}: ${num(b.points[0])}–${num(b.points[1])} pts, proportional`;
  }
  return lang === 'zh' ? `${range} 得 ${num(b.points)} 分` : `${range}: ${num(b.points)} pts`;
}

/** How a node is scored, in words, for the method column and the instructions. */
export function describeMethod(node: RuleNode, lang: Lang): string {
  const m = node.method;
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (m?.type === 'direct') {
    parts.push(
      zh
        ? `直接打分:0–${num(node.maxPoints)} 分,步长 ${m.step}`
        : `Score 0–${num(node.maxPoints)} in steps of ${m.step}`,
    );
  } else if (m?.type === 'checklist') {
    const clauses = m.clauses.map((c, i) => `${circled(i)}${tr(c.title, lang)}(${num(c.points)})`);
    parts.push((zh ? '逐条勾选“是/否”:' : 'Tick Yes/No per clause: ') + clauses.join(zh ? ';' : '; '));
  } else if (m?.type === 'deduction') {
    const ds = m.deductions.map((d, i) => {
      const cap = d.maxCount ? (zh ? `,最多 ${d.maxCount} 次` : `, at most ${d.maxCount}`) : '';
      return zh
        ? `${circled(i)}${tr(d.title, lang)}扣 ${num(d.points)} 分${cap}`
        : `${circled(i)} ${tr(d.title, lang)}: −${num(d.points)}${cap}`;
    });
    parts.push(
      (zh ? '填写次数:' : 'Enter counts: ') +
        ds.join(zh ? ';' : '; ') +
        (zh ? ';扣完为止' : '; never below 0'),
    );
  } else if (m?.type === 'scale') {
    const unit = m.input.unit === 'percent' ? '%' : '';
    const what =
      m.input.unit === 'percent'
        ? zh
          ? '填百分比数值'
          : 'enter the percentage'
        : zh
          ? '填数量'
          : 'enter the count';
    parts.push(
      `${what}${zh ? ':' : ': '}${m.bands.map((b) => bandText(b, unit, lang)).join(zh ? ';' : '; ')}`,
    );
  } else if (m?.type === 'spotcheck') {
    parts.push(
      zh
        ? `由 ${m.sheets} 个下属单位抽查表计算:平均得分率 × ${num(node.maxPoints)}`
        : `Computed from ${m.sheets} subordinates' spot-check sheets: mean percentage × ${num(node.maxPoints)}`,
    );
  }
  if (node.key)
    parts.push(zh ? '★关键项(未得满分不能评优秀)' : '★ Key item (less than full rules out Excellent)');
  if (node.veto)
    parts.push(zh ? `一票否决:${tr(node.veto.condition, lang)}` : `Veto: ${tr(node.veto.condition, lang)}`);
  if (node.naAllowed) parts.push(zh ? '可填“不适用”' : 'May be marked N/A');
  if (node.guidance) parts.push(tr(node.guidance, lang));
  return parts.join(zh ? '。' : '. ');
}
