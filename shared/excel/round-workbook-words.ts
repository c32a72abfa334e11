import type { Lang } from '../domain/text.ts';

type Words = { zh: string; en: string };
const w = (zh: string, en: string): Words => ({ zh, en });

/** Column headers and fixed words of the round workbook, in both languages. */
export const RW = {
  rank: w('排名', 'Rank'),
  unitCode: w('单位代码', 'Code'),
  unitName: w('单位名称', 'Unit'),
  total: w('正式总分', 'Formal total'),
  grade: w('等级', 'Grade'),
  gradeReasons: w('评定依据', 'Why this grade'),
  plaque: w('标牌', 'Plaque'),
  precheckTotal: w('预检总分', 'Pre-check total'),
  selfTotal: w('自评总分', 'Self total'),
  panelTotal: w('测评总分', 'Panel total'),
  max: w('满分', 'Max'),
  itemCode: w('项目', 'Item'),
  itemTitle: w('项目名称', 'Requirement'),
  reasons: w('提交合议原因', 'Why discussed'),
  assessorScores: w('各测评员评分', "Assessors' scores"),
  computed: w('计算得分', 'Computed'),
  agreed: w('合议得分', 'Agreed score'),
  agreedReason: w('合议理由', 'Reason'),
  agreedBy: w('确认人', 'Agreed by'),
  reconStatus: w('合议状态', 'Status'),
  statusAgreed: w('已合议,按合议得分', 'Agreed score entered'),
  statusComputed: w(
    '已合议,无需合议得分(按计算得分)',
    'Reconciled: computed score stands, no agreed score needed',
  ),
  statusOpen: w('尚未合议(合议表未交回)', 'Not reconciled yet (no reconciliation sheet back)'),
  vetoPending: w(
    '否决项:待合议组确认或推翻,暂不评定等级',
    'Veto: awaiting the panel’s confirm or overturn; no grade yet',
  ),
  vetoConfirm: w('否决项:合议组确认', 'Veto confirmed by the panel'),
  vetoOverturn: w('否决项:合议组推翻', 'Veto overturned by the panel'),
  delta: w('变化', 'Change'),
  selfDelta: w('差值(自评−测评)', 'Self − panel'),
  fixed: w('已整改项目', 'Fixed'),
  stillLosing: w('仍失分项目', 'Still losing'),
  newLosses: w('新增失分项目', 'New losses'),
  over: w('自评偏高项目', 'Rated higher by self'),
  under: w('自评偏低项目', 'Rated lower by self'),
  score: w('得分', 'Score'),
  lost: w('失分', 'Lost'),
  problems: w('存在问题', 'Problems found'),
  suggestions: w('整改建议', 'Suggestions'),
  phase: w('阶段', 'Phase'),
  assessor: w('测评员', 'Assessor'),
  assessorId: w('测评员编号', 'Assessor'),
  assessorName: w('姓名', 'Name'),
  sheets: w('评分表数', 'Sheets'),
  meanDeviation: w('平均偏差', 'Mean deviation'),
  leaning: w('倾向', 'Leaning'),
  coefficient: w('一致性系数', 'Agreement coefficient'),
  value: w('数值', 'Value'),
  units: w('单位数', 'Units'),
  pairs: w('参与计算的“单位×评分项”数', '(unit, item) pairs used'),
  assessors: w('测评员数', 'Assessors'),
  panelItems: w('参与计算的评分项数', 'Items used'),
  iccRound: w('全区:{n} 个正式测评组合并', 'The round: {n} formal panels pooled'),
  iccPanels: w('各测评组 ICC', 'ICC per panel'),
  note: w('说明', 'Note'),
  measure: w('指标', 'Measure'),
  count: w('单位数', 'Units'),
  mean: w('平均分', 'Mean'),
  median: w('中位数', 'Median'),
  min: w('最低分', 'Lowest'),
  maxScore: w('最高分', 'Highest'),
  passRate: w('合格率', 'Pass rate'),
  excellentRate: w('优秀率', 'Excellent rate'),
  bin: w('分数段', 'Score band'),
  share: w('占比', 'Share'),
  chart: w('图示', 'Chart'),
  uploadId: w('上传编号', 'Upload id'),
  receivedAt: w('接收时间', 'Received at'),
  field: w('项目', 'Field'),
  content: w('内容', 'Value'),
  categoryCode: w('类别代码', 'Category'),
  categoryTitle: w('类别名称', 'Title'),
  sources: w('数据来源(已接收的评分表)', 'Sources (submissions received)'),
  yes: w('是', 'Yes'),
  no: w('否', 'No'),
  na: w('不适用', 'N/A'),
  pending: w('待定', 'Pending'),
  none: w('(无)', '(none)'),
  noLosses: w('无失分项', 'No points lost'),
  nothingMissing: w('无缺交', 'Nothing missing'),
  noFlags: w('无提交合议的项目', 'No items went to panel discussion'),
  selfPhase: w('(单位自评)', '(unit self-assessment)'),
  lenient: w('偏宽', 'Lenient'),
  severe: w('偏严', 'Severe'),
  neutral: w('适中', 'Neutral'),
} as const;

/** Labels of the fixed About rows. */
export const ABOUT_LABELS = {
  format: w('文件类型', 'File type'),
  formatVersion: w('格式版本', 'Format version'),
  district: w('区代码', 'District'),
  round: w('测评轮次', 'Round'),
  ruleSet: w('测评细则', 'Rule set'),
  ruleVersion: w('细则版本', 'Rule set version'),
  fingerprint: w('细则指纹', 'Rule set fingerprint'),
  districtName: w('区名称', 'District name'),
  ruleTitle: w('细则名称', 'Rule set title'),
  scale: w('总分满分', 'Total out of'),
  method: w('合议方法', 'Reconciliation method'),
  generatedAt: w('生成时间', 'Generated at'),
  lang: w('语言', 'Language'),
  units: w('单位数', 'Units'),
  passRate: w('合格率', 'Pass rate'),
  excellentRate: w('优秀率', 'Excellent rate'),
} as const;

/** How to read the colours, shown on the About sheet. */
export const LEGEND = w(
  '汇总表类别得分:橙色底 = 得分率低于 60%,黄色底 = 60%–85%;正式总分按红—黄—绿色阶显示。评分明细:橙色底 = 未得满分。测评员倾向:橙色 = 偏宽,蓝色 = 偏严。',
  'Summary categories: orange = under 60% of the maximum, yellow = 60–85%; the formal total is shaded red–yellow–green. Item matrix: orange = below full marks. Assessor leaning: orange = lenient, blue = severe.',
);

/** Picks a word in the report language. */
export const say = (words: Words, lang: Lang): string => words[lang];

/** Several texts in one language, e.g. a header row's labels. */
export const sayAll = (words: readonly Words[], lang: Lang): string[] => words.map((x) => x[lang]);

/** Joins item codes in the report language. */
export const joinCodes = (codes: readonly string[], lang: Lang): string =>
  codes.join(lang === 'zh' ? '、' : ', ');
