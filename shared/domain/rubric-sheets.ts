import type { Method } from './rule-set-schema.ts';
import type { Lang } from './text.ts';

/**
 * The rubric workbook (细则工作簿, docs/rubric-workbook.md): its sheets, their columns and the words
 * its cells take, in Chinese and English. Import accepts either language everywhere; export writes one.
 */

/** A word in both languages. */
export type Words = Record<Lang, string>;

export type RubricSheetKey = 'instructions' | 'about' | 'items' | 'details' | 'grades' | 'facts';

/** The sheets in workbook order. */
export const RUBRIC_SHEETS: Record<RubricSheetKey, Words> = {
  instructions: { zh: '说明', en: 'Instructions' },
  about: { zh: '基本信息', en: 'About' },
  items: { zh: '细则', en: 'Items' },
  details: { zh: '评分细项', en: 'Details' },
  grades: { zh: '等级', en: 'Grades' },
  facts: { zh: '否决事实', en: 'Fail facts' },
};
export const RUBRIC_SHEET_KEYS = Object.keys(RUBRIC_SHEETS) as RubricSheetKey[];

/** The veryHidden sheet that marks a workbook cepin made as a rubric workbook (A1 `format`, B1 1). */
export const RUBRIC_MARKER = '_cepin_rubric';
export const RUBRIC_FORMAT = 1;

/** What a column holds, which decides how its cells are read. */
export type CellKind = 'code' | 'text' | 'number' | 'bool' | 'choice' | 'list' | 'expr' | 'band';

/** One column of a table sheet: the field it fills, its header and width. */
export interface RubricColumn extends Words {
  field: string;
  width: number;
  kind: CellKind;
  /** The words a choice column takes. */
  choices?: ChoiceSet | undefined;
  /** Numbers: a share in percent (85% → 85) or a ratio (85% → 0.85). */
  percent?: 'share' | 'ratio' | undefined;
}

/** A closed set of words: value → its words. */
export type ChoiceSet = Record<string, Words & { also?: string[] }>;

export const METHOD_WORDS: Record<Method['type'], Words & { also?: string[] }> = {
  direct: { zh: '直接打分', en: 'direct', also: ['打分'] },
  checklist: { zh: '逐条计分', en: 'checklist', also: ['逐条勾选', '勾选'] },
  deduction: { zh: '扣分', en: 'deduction', also: ['扣分项'] },
  scale: { zh: '分档', en: 'scale', also: ['分段', '按实测值'] },
  compliance: { zh: '符合性', en: 'compliance', also: ['符合性检查'] },
  count: { zh: '计数', en: 'count' },
  sampling: { zh: '抽查', en: 'sampling' },
  defects: { zh: '逐处扣分', en: 'defects' },
  spotcheck: { zh: '下级抽查', en: 'spotcheck', also: ['下属单位抽查', 'spot-check'] },
};

/** The kinds of row on the details sheet, and the method each belongs to. */
export type DetailKind = 'clause' | 'deduction' | 'band' | 'thing' | 'part';
export const KIND_WORDS: Record<DetailKind, Words & { also?: string[] }> = {
  clause: { zh: '条款', en: 'clause' },
  deduction: { zh: '扣分项', en: 'deduction' },
  band: { zh: '分档', en: 'band', also: ['分段'] },
  thing: { zh: '计数项', en: 'thing' },
  part: { zh: '部分', en: 'part', also: ['类别'] },
};
export const KIND_METHOD: Record<DetailKind, Method['type']> = {
  clause: 'checklist',
  deduction: 'deduction',
  band: 'scale',
  thing: 'count',
  part: 'defects',
};
/** The list in the method a kind of detail row fills. */
export const KIND_LIST: Record<DetailKind, string> = {
  clause: 'clauses',
  deduction: 'deductions',
  band: 'bands',
  thing: 'things',
  part: 'parts',
};

export const WHEN_SHORT_WORDS: ChoiceSet = {
  rescale: { zh: '按比例', en: 'rescale' },
  'as-is': { zh: '按实得', en: 'as-is' },
};
export const MEASURE_WORDS: ChoiceSet = {
  percent: { zh: '百分比', en: 'percent', also: ['%'] },
  count: { zh: '个数', en: 'count', also: ['数量'] },
};
export const ACTION_WORDS: ChoiceSet = {
  patch: { zh: '修改', en: 'patch' },
  add: { zh: '新增', en: 'add' },
};
export const YES_NO: Record<'yes' | 'no', Words> = {
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
};

const text = (field: string, zh: string, en: string, width: number): RubricColumn => ({
  field,
  zh,
  en,
  width,
  kind: 'text',
});
const num = (
  field: string,
  zh: string,
  en: string,
  width = 9,
  percent?: 'share' | 'ratio',
): RubricColumn => ({
  field,
  zh,
  en,
  width,
  kind: 'number',
  percent,
});
const bool = (field: string, zh: string, en: string, width = 8): RubricColumn => ({
  field,
  zh,
  en,
  width,
  kind: 'bool',
});

/** 细则 / Items: one row per node of the tree, depth first. */
export const ITEM_COLUMNS: RubricColumn[] = [
  { field: 'code', zh: '编号', en: 'Code', width: 9, kind: 'code' },
  { field: 'parent', zh: '上级编号', en: 'Parent', width: 9, kind: 'code' },
  text('title', '名称', 'Title', 40),
  text('titleEn', '名称(英文)', 'Title (English)', 30),
  num('points', '分值', 'Points', 7),
  { field: 'method', zh: '评分方法', en: 'Method', width: 11, kind: 'choice', choices: METHOD_WORDS },
  num('per', '单位分值', 'Points per'),
  num('number', '数量', 'Number', 7),
  {
    field: 'whenShort',
    zh: '抽查不足时',
    en: 'When short',
    width: 10,
    kind: 'choice',
    choices: WHEN_SHORT_WORDS,
  },
  { field: 'measure', zh: '计量', en: 'Measure', width: 8, kind: 'choice', choices: MEASURE_WORDS },
  num('inputMin', '量程下限', 'Input min'),
  num('inputMax', '量程上限', 'Input max'),
  bool('key', '关键项', 'Key'),
  bool('naAllowed', '可不适用', 'N/A allowed'),
  text('veto', '否决条件', 'Veto', 24),
  text('vetoEn', '否决条件(英文)', 'Veto (English)', 20),
  num('bonus', '加分上限', 'Bonus cap'),
  { field: 'countsFor', zh: '适用等级', en: 'Counts for', width: 12, kind: 'list' },
  text('verify', '核查方式', 'Verify', 16),
  text('verifyEn', '核查方式(英文)', 'Verify (English)', 16),
  text('evidence', '见证材料', 'Evidence', 16),
  text('evidenceEn', '见证材料(英文)', 'Evidence (English)', 16),
  text('guidance', '评分说明', 'Guidance', 24),
  text('guidanceEn', '评分说明(英文)', 'Guidance (English)', 20),
  { field: 'action', zh: '操作', en: 'Action', width: 8, kind: 'choice', choices: ACTION_WORDS },
];

/** 评分细项 / Details: the lists inside a method, one row each, grouped by item. */
export const DETAIL_COLUMNS: RubricColumn[] = [
  { field: 'code', zh: '编号', en: 'Code', width: 9, kind: 'code' },
  { field: 'kind', zh: '类型', en: 'Kind', width: 9, kind: 'choice', choices: KIND_WORDS },
  text('title', '名称', 'Title', 36),
  text('titleEn', '名称(英文)', 'Title (English)', 30),
  { field: 'points', zh: '分值', en: 'Points', width: 9, kind: 'band' },
  num('maxCount', '次数上限', 'Max count'),
  num('min', '下限', 'Min', 7),
  num('max', '上限', 'Max', 7),
  bool('includeMin', '含下限', 'Include min'),
  bool('includeMax', '含上限', 'Include max'),
  num('floor', '保底', 'Floor', 7),
];

/** 等级 / Grades: highest first, then the fallback row. */
export const GRADE_COLUMNS: RubricColumn[] = [
  { field: 'code', zh: '代码', en: 'Code', width: 11, kind: 'code' },
  text('label', '名称', 'Label', 10),
  text('labelEn', '名称(英文)', 'Label (English)', 12),
  num('minTotal', '总分下限', 'Min total'),
  num('maxTotal', '总分上限', 'Max total'),
  num('minShare', '符合率下限', 'Min share', 10, 'share'),
  num('maxShare', '符合率上限', 'Max share', 10, 'share'),
  bool('includeMin', '含下限', 'Include min'),
  bool('includeMax', '含上限', 'Include max'),
  num('minCategoryRatio', '类别得分率下限', 'Min category ratio', 12, 'ratio'),
  num('minItemRatio', '单项得分率下限', 'Min item ratio', 12, 'ratio'),
  bool('keyItemsFull', '关键项满分', 'Key items full', 10),
  { field: 'requires', zh: '必备条件', en: 'Requires', width: 30, kind: 'expr' },
  bool('passes', '合格', 'Passes', 7),
  bool('fallback', '兜底', 'Fallback', 7),
];

/** 否决事实 / Fail facts. */
export const FACT_COLUMNS: RubricColumn[] = [
  { field: 'code', zh: '代码', en: 'Code', width: 9, kind: 'code' },
  text('title', '名称', 'Title', 44),
  text('titleEn', '名称(英文)', 'Title (English)', 40),
];

export const TABLE_COLUMNS = {
  items: ITEM_COLUMNS,
  details: DETAIL_COLUMNS,
  grades: GRADE_COLUMNS,
  facts: FACT_COLUMNS,
} as const;
export type TableKey = keyof typeof TABLE_COLUMNS;

/** The headers a table cannot do without. */
export const REQUIRED_HEADERS: Record<TableKey, string[]> = {
  items: ['code', 'title', 'points'],
  details: ['code', 'kind'],
  grades: ['code', 'label'],
  facts: ['code', 'title'],
};

/** 基本信息 / About: label in column A, value in B, a note in C. */
export type AboutField = 'id' | 'version' | 'title' | 'titleEn' | 'scale' | 'extends';
export const ABOUT_ROWS: (Words & { field: AboutField; note: Words })[] = [
  {
    field: 'id',
    zh: '编号',
    en: 'Id',
    note: {
      zh: '必填:小写字母、数字和连字符,如 dongcheng-2026',
      en: 'Required: a-z, 0-9 and -, e.g. dongcheng-2026',
    },
  },
  {
    field: 'version',
    zh: '版本',
    en: 'Version',
    note: {
      zh: '正整数;上传时留空则取下一个版本号',
      en: 'A whole number; blank on upload: the next free one',
    },
  },
  { field: 'title', zh: '名称', en: 'Title', note: { zh: '必填', en: 'Required (Chinese)' } },
  { field: 'titleEn', zh: '名称(英文)', en: 'Title (English)', note: { zh: '选填', en: 'Optional' } },
  {
    field: 'scale',
    zh: '满分',
    en: 'Scale',
    note: {
      zh: '各一级类别分值之和(加分项除外);默认 100',
      en: 'The sum of the categories (bonus aside); default 100',
    },
  },
  {
    field: 'extends',
    zh: '基于',
    en: 'Extends',
    note: {
      zh: '仅细化方案填写:被细化的细则编号;填写后本工作簿是细化方案',
      en: 'Overlays only: the id of the rule set refined; makes this workbook an overlay',
    },
  },
];

/** A header or label as compared: full-width to half-width, no spaces, lower case. */
export function headerKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Which sheet of a workbook plays which role: sheet names in either language, width and case ignored. */
export function findRubricSheets(names: readonly string[]): Partial<Record<RubricSheetKey, string>> {
  const out: Partial<Record<RubricSheetKey, string>> = {};
  for (const [key, words] of Object.entries(RUBRIC_SHEETS) as [
    RubricSheetKey,
    { zh: string; en: string },
  ][]) {
    const found = names.find(
      (n) => headerKey(n) === headerKey(words.zh) || headerKey(n) === headerKey(words.en),
    );
    if (found !== undefined) out[key] = found;
  }
  return out;
}
