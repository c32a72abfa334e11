import { round2 } from '../domain/stats.ts';
import type { Lang } from '../domain/text.ts';

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
const points = (n: number) => `${num(n)} point${n === 1 ? '' : 's'}`;

/** A change as people write it: +1.5, -0.5, 0. */
export function signed(n: number): string {
  return n > 0 ? `+${num(n)}` : num(n);
}

/** A score as people write it: at most two decimals, no trailing zeros. */
export function num(n: number): string {
  return String(round2(n));
}

/** An ISO date (or timestamp) the way a letter is dated; anything else is kept as given. */
export function letterDate(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
  if (!m) return date;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return date;
  return lang === 'zh' ? `${y}年${mo}月${d}日` : `${d} ${MONTHS[mo - 1]} ${y}`;
}

/** The fixed wording of the feedback document in each language. */
export const FEEDBACK_TEXT = {
  zh: {
    titleLine1: (district: string, round: string) =>
      `${district}${round}${/^\d{4}$/.test(round) ? '年度' : ''}机关档案工作测评`,
    titleLine2: '书面反馈意见',
    bureau: (district: string) => `${district}档案局`,
    unit: '被测评单位：',
    code: (code: string) => `（单位代码：${code}）`,
    rules: '测评细则：',
    rulesTitle: (t: string) => `《${t}》`,
    date: '反馈日期：',
    intro: (rules: string) =>
      `根据${rules}，我局组织对你单位机关档案工作进行了测评。现将测评结果和意见反馈如下，请认真研究落实。`,
    overall: '一、总体评价',
    result: (t: number | null, g: string | null) =>
      `测评总分：${t === null ? '待定' : `${num(t)}分`}；${g === null ? '等级待定' : `测评等级：${g}`}。`,
    resultShare: (s: { met: number; applicable: number; percent: number }, g: string | null) =>
      `符合项比例：${s.met}/${s.applicable}（${num(s.percent)}%）；${g === null ? '等级待定' : `检查等级：${g}`}。`,
    countsCompliance: (met: number, notMet: number) =>
      notMet === 0
        ? `适用的${met}个项目全部符合要求。`
        : `共有${met}个项目符合要求，${notMet}个项目不符合要求。`,
    strengthsIntroCompliance: '以下项目符合要求，工作基础扎实，请继续保持：',
    lossesCompliance: '三、不符合项目及整改意见',
    lossesIntroCompliance: '以下项目不符合要求，请逐项对照存在问题和整改建议进行整改：',
    noLossesCompliance: '本次检查无不符合项目。',
    columnsCompliance: ['编号', '检查内容', '判定', '存在问题', '整改建议'],
    notMet: '不符合',
    reasons: '评定依据：',
    counts: (strengths: number, losses: number, nearFull: number, lost: number) =>
      losses === 0
        ? `共有${strengths}个项目得满分，无失分项目。`
        : `共有${strengths}个项目得满分，${losses}个项目失分${nearFull > 0 ? `（其中${nearFull}个接近满分）` : ''}，合计失分${num(lost)}分。`,
    strengths: '二、主要成绩',
    strengthsIntro: '以下项目得满分，工作基础扎实，请继续保持：',
    noStrengths: '本次测评中暂无得满分的项目。',
    score: (s: number, max: number) => `（得分${num(s)}/${num(max)}分）`,
    losses: '三、失分项目及改进意见',
    lossesIntro: '以下项目存在失分，请逐项对照问题和建议进行整改：',
    noLosses: '本次测评无失分项目。',
    columns: ['编号', '测评内容', '失分', '存在问题', '整改建议'],
    maxPoints: (max: number) => `（满分${num(max)}分）`,
    none: '—',
    nth: (i: number) => `（${i}）`,
    fixed: '四、整改成效',
    fixedIntro: (n: number) => `与预检相比，以下${n}个项目经整改已不再失分：`,
    fixedIntroCompliance: (n: number) => `与预检相比，以下${n}个项目经整改已符合要求：`,
    section: (n: number, title: string) => `${'一二三四五六七八九十'[n - 1] ?? n}、${title}`,
    rectTitle: '整改核查',
    rectIntro: (c: { fixed: number; partly: number; not: number; new: number }) =>
      `对照预检发现的失分项目，正式测评逐项核查了整改情况：已整改${c.fixed}项，部分整改${c.partly}项，未整改${c.not}项` +
      (c.new > 0 ? `；另有${c.new}个项目预检时得满分、正式测评时失分。` : '。'),
    rectIntroCompliance: (c: { fixed: number; partly: number; not: number; new: number }) =>
      `对照预检发现的不符合项目，正式测评逐项核查了整改情况：已整改${c.fixed}项，未整改${c.not}项` +
      (c.new > 0 ? `；另有${c.new}个项目预检时符合要求、正式测评时不符合。` : '。'),
    rectColumns: ['编号', '测评内容', '预检→正式', '核查结论'],
    rectScores: (pre: string, formal: string, max: string) => `${pre} → ${formal}（满分${max}分）`,
    met: '符合',
    verdict: { fixed: '已整改', partly: '部分整改', not: '未整改', new: '新增失分' },
    claim: (c: string) => `单位自述：${c}`,
    claimWords: { fixed: '已整改', partly: '部分整改', not: '未整改' },
    prevTitle: '与上一轮比较',
    prevTotals: (round: string, before: number, now: number, delta: number) =>
      `与上一轮（${round}）相比，测评总分由${num(before)}分变为${num(now)}分（${signed(delta)}分）。`,
    prevGrades: (round: string, before: string | null, now: string | null) =>
      `与上一轮（${round}）相比，等级由“${before ?? '待定'}”变为“${now ?? '待定'}”。`,
    prevGradesOnly: (before: string | null, now: string | null) =>
      `等级由“${before ?? '待定'}”变为“${now ?? '待定'}”。`,
    prevVersion: '两轮使用同一测评细则的不同版本，按项目编号对应比较。',
    prevRubric: (round: string) =>
      `上一轮（${round}）使用的测评细则与本轮不同，总分、等级和类别得分不可直接比较；以下仅按项目编号列出两轮均失分的项目。`,
    prevUnmatched: (n: number) => `有${n}个项目仅在其中一轮出现，未参与比较。`,
    prevCategories: '各类别得分变化：',
    prevCategory: (delta: number) => `：${signed(delta)}分`,
    recurringIntro: (n: number) => `以下${n}个项目在两轮测评中均有失分，属反复出现的问题，请重点整改：`,
    recurringIntroCompliance: (n: number) =>
      `以下${n}个项目在两轮检查中均不符合要求，属反复出现的问题，请重点整改：`,
    noRecurring: '两轮测评中没有重复失分的项目。',
    closingClean: '希望你单位继续保持良好的工作状态，不断提升机关档案工作规范化水平。',
    closing: '希望你单位以此次测评为契机，对照上述问题和建议认真整改，持续提升机关档案工作规范化水平。',
    page: ['第 ', ' 页 共 ', ' 页'],
    docTitle: '书面反馈意见',
  },
  en: {
    titleLine1: (district: string, round: string) => `${district} ${round} Assessment of Agency Archive Work`,
    titleLine2: 'Written Feedback',
    bureau: (district: string) => `${district} Archives Bureau`,
    unit: 'Unit assessed: ',
    code: (code: string) => ` (unit code ${code})`,
    rules: 'Rules: ',
    rulesTitle: (t: string) => t,
    date: 'Date: ',
    intro: (rules: string) =>
      `Following ${rules}, the bureau has assessed your unit's archive work. The results and our ` +
      `observations are set out below for your attention and action.`,
    overall: '1. Overall',
    result: (t: number | null, g: string | null) =>
      `Total score: ${t === null ? 'pending' : points(t)}; ${g === null ? 'grade pending' : `grade: ${g}`}.`,
    resultShare: (s: { met: number; applicable: number; percent: number }, g: string | null) =>
      `Items met: ${s.met} of ${s.applicable} (${num(s.percent)}%); ${g === null ? 'grade pending' : `grade: ${g}`}.`,
    countsCompliance: (met: number, notMet: number) =>
      notMet === 0 ? `All ${items(met)} that apply are met.` : `${items(met)} met; ${items(notMet)} not met.`,
    strengthsIntroCompliance: 'These items meet the requirements; please keep up the good work:',
    lossesCompliance: '3. Items not met and suggestions',
    lossesIntroCompliance:
      'These items do not meet the requirements; please address each problem as suggested:',
    noLossesCompliance: 'Every item that applies is met.',
    columnsCompliance: ['Code', 'Requirement', 'Finding', 'Problem found', 'Suggestion'],
    notMet: 'Not met',
    reasons: 'The grade rests on the following:',
    counts: (strengths: number, losses: number, nearFull: number, lost: number) =>
      `${items(strengths)} scored full marks; ` +
      (losses === 0
        ? 'no item lost points.'
        : `${items(losses)}${nearFull > 0 ? ` (${nearFull} of them nearly full)` : ''} lost ${points(lost)} in all.`),
    strengths: '2. Strengths',
    strengthsIntro: 'These items scored full marks; please keep up the good work:',
    noStrengths: 'No item scored full marks in this assessment.',
    score: (s: number, max: number) => ` (${num(s)} of ${points(max)})`,
    losses: '3. Point-loss items and suggestions',
    lossesIntro: 'These items lost points; please address each problem as suggested:',
    noLosses: 'No item lost points in this assessment.',
    columns: ['Code', 'Requirement', 'Lost', 'Problem found', 'Suggestion'],
    maxPoints: (max: number) => `(max. ${num(max)})`,
    none: '—',
    nth: (i: number) => `(${i}) `,
    fixed: '4. Rectification since the pre-check',
    fixedIntro: (n: number) =>
      `Compared with the pre-check, ${items(n)} no longer ${n === 1 ? 'loses' : 'lose'} points after rectification:`,
    fixedIntroCompliance: (n: number) =>
      `Compared with the pre-check, ${items(n)} ${n === 1 ? 'meets' : 'meet'} the requirements after rectification:`,
    section: (n: number, title: string) => `${n}. ${title}`,
    rectTitle: 'Rectification checked',
    rectIntro: (c: { fixed: number; partly: number; not: number; new: number }) =>
      `The formal assessment checked every item that lost points at the pre-check: ${c.fixed} fixed, ` +
      `${c.partly} partly fixed, ${c.not} not fixed` +
      (c.new > 0
        ? `; ${items(c.new)} at full marks at the pre-check lost points at the formal assessment.`
        : '.'),
    rectIntroCompliance: (c: { fixed: number; partly: number; not: number; new: number }) =>
      `The formal assessment checked every item not met at the pre-check: ${c.fixed} fixed, ${c.not} not fixed` +
      (c.new > 0
        ? `; ${items(c.new)} met at the pre-check ${c.new === 1 ? 'was' : 'were'} not met at the formal assessment.`
        : '.'),
    rectColumns: ['Code', 'Requirement', 'Pre-check → formal', 'Verdict'],
    rectScores: (pre: string, formal: string, max: string) => `${pre} → ${formal} (of ${max})`,
    met: 'Met',
    verdict: { fixed: 'Fixed', partly: 'Partly fixed', not: 'Not fixed', new: 'New loss' },
    claim: (c: string) => `The unit says: ${c}`,
    claimWords: { fixed: 'fixed', partly: 'partly fixed', not: 'not fixed' },
    prevTitle: 'Compared with the last round',
    prevTotals: (round: string, before: number, now: number, delta: number) =>
      `Against the last round (${round}), the total went from ${num(before)} to ${num(now)} (${signed(delta)}).`,
    prevGrades: (round: string, before: string | null, now: string | null) =>
      `Against the last round (${round}), the grade went from ${before ?? 'pending'} to ${now ?? 'pending'}.`,
    prevGradesOnly: (before: string | null, now: string | null) =>
      `The grade went from ${before ?? 'pending'} to ${now ?? 'pending'}.`,
    prevVersion: 'The two rounds used different versions of the same rubric; items are compared by code.',
    prevRubric: (round: string) =>
      `The last round (${round}) used a different rubric: totals, grades and category scores are not ` +
      'comparable. Only the items losing points in both rounds are listed, matched by code.',
    prevUnmatched: (n: number) =>
      `${items(n)} appear${n === 1 ? 's' : ''} in one round only and ${n === 1 ? 'is' : 'are'} not compared.`,
    prevCategories: 'Category scores changed as follows:',
    prevCategory: (delta: number) => `: ${signed(delta)}`,
    recurringIntro: (n: number) =>
      `${items(n)} lost points in both rounds, a recurring problem; please give ${n === 1 ? 'it' : 'them'} priority:`,
    recurringIntroCompliance: (n: number) =>
      `${items(n)} ${n === 1 ? 'was' : 'were'} not met in both rounds, a recurring problem; please give ${n === 1 ? 'it' : 'them'} priority:`,
    noRecurring: 'No item lost points in both rounds.',
    closingClean: 'We trust your unit will keep its archive work to this standard.',
    closing:
      'We trust your unit will take this assessment as an opportunity to act on the problems and ' +
      'suggestions above and keep raising the standard of its archive work.',
    page: ['Page ', ' of ', ''],
    docTitle: 'Written feedback',
  },
} as const;
