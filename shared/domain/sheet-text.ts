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
  /** A compliance item's three answers. */
  compliance: {
    met: { zh: '符合', en: 'Met' },
    notMet: { zh: '不符合', en: 'Not met' },
    na: { zh: '不适用', en: 'N/A' },
  },
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
    verify: { zh: '核查方式', en: 'How verified' },
    evidence: { zh: '见证材料编号', en: 'Evidence ref.' },
  },
  unit: { zh: '被测评单位', en: 'Unit' },
  assessor: { zh: '测评员', en: 'Assessor' },
  ruleSet: { zh: '测评细则', en: 'Rule set' },
  rawTotal: { zh: '合计(原始得分 / 适用分值)', en: 'Total (raw points / applicable points)' },
  scaledTotal: { zh: '总分(不适用项按比例折算)', en: 'Total (rescaled for N/A items)' },
  derived: { zh: '由抽查计算', en: 'From spot-checks' },
  facts: {
    zh: '直接判定不合格的情形(存在填“是”,否则填“否”)',
    en: 'Facts that fail the unit outright (Yes if it holds, otherwise No)',
  },
  scoreSheetTitle: { zh: '评分表', en: 'score sheet' },
} as const;

const num = (x: number) => String(round2(x));

function bandText(b: Band, unit: string, lang: Lang): string {
  const lo = b.includeMin === false ? '>' : '≥';
  const hi = b.includeMax === true ? '≤' : '<';
  const plain = b.includeMin !== false && b.includeMax !== true;
  const range =
    b.max === undefined
      ? `${lo}${num(b.min)}${unit}`
      : b.min === 0 && plain
        ? `<${num(b.max)}${unit}`
        : plain
          ? `${num(b.min)}–${num(b.max)}${unit}`
          : `${lo}${num(b.min)}${unit}${lang === 'zh' ? '且' : ' and '}${hi}${num(b.max)}${unit}`;
  if (typeof b.points === 'object' && !Array.isArray(b.points)) {
    const of = b.points.of === undefined ? '' : ` × ${num(b.points.of)}`;
    return lang === 'zh'
      ? `${range} 按比例:实测值%${of || ' × 分值'}`
      : `${range}: the rate × ${of ? num(b.points.of!) : 'the points'}`;
  }
  if (b.points === 'proportional') return `${range} ?`;
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
  } else if (m?.type === 'compliance') {
    parts.push(zh ? '判定“符合”或“不符合”' : 'Judge Met or Not met');
  } else if (m?.type === 'count') {
    const things = m.things?.map((t, i) => `${circled(i)}${tr(t, lang)}`).join(zh ? ';' : '; ');
    parts.push(
      (zh
        ? `每项计 ${num(m.each)} 分,最多 ${num(node.maxPoints)} 分`
        : `${num(m.each)} per thing present, up to ${num(node.maxPoints)}`) +
        (things ? (zh ? `:${things}` : `: ${things}`) : ''),
    );
  } else if (m?.type === 'sampling') {
    parts.push(
      zh
        ? `抽查 ${m.size} 项,每项合格计 ${num(m.each)} 分${m.whenShort === 'rescale' ? `;不足 ${m.size} 项按比例折算` : ''}`
        : `Sample ${m.size}; ${num(m.each)} per entry passed${m.whenShort === 'rescale' ? `; fewer sampled: rescaled` : ''}`,
    );
  } else if (m?.type === 'defects') {
    const ps = m.parts
      .map((p, i) => `${circled(i)}${tr(p.title, lang)}(${num(p.points)})`)
      .join(zh ? ';' : '; ');
    parts.push(
      zh
        ? `每发现一处扣 ${num(m.per)} 分,每类扣完为止:${ps}`
        : `−${num(m.per)} per defect found, each part never below its floor: ${ps}`,
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
