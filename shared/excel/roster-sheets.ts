import type { Lang } from '../domain/text.ts';

/** The three kinds of roster row, one sheet each. */
export type RosterKind = 'unit' | 'assessor' | 'assignment';

/** One column of a roster sheet: the roster field it holds, its header and width. */
export interface RosterColumn {
  field: string;
  zh: string;
  en: string;
  width: number;
  /** Holds several ids separated by commas, 、, semicolons or spaces. */
  list?: boolean;
}

/** A roster sheet: its name in each language and its columns, A first. */
export interface RosterSheet {
  name: Record<Lang, string>;
  columns: RosterColumn[];
}

/** The roster workbook's sheets, in workbook order. */
export const ROSTER_SHEETS: Record<RosterKind, RosterSheet> = {
  unit: {
    name: { zh: '单位', en: 'Units' },
    columns: [
      { field: 'code', zh: '单位编号', en: 'Unit code', width: 14 },
      { field: 'name', zh: '单位名称', en: 'Unit name', width: 44 },
      { field: 'parent', zh: '上级单位编号', en: 'Parent unit code', width: 16 },
      { field: 'archivist', zh: '档案员', en: 'Archive staff', width: 12 },
      { field: 'login', zh: '登录名', en: 'Sign-in name', width: 14 },
      { field: 'phone', zh: '电话', en: 'Phone', width: 16 },
      { field: 'email', zh: '电子邮箱', en: 'E-mail', width: 30 },
    ],
  },
  assessor: {
    name: { zh: '测评员', en: 'Assessors' },
    columns: [
      { field: 'id', zh: '编号', en: 'ID', width: 10 },
      { field: 'name', zh: '姓名', en: 'Name', width: 16 },
      { field: 'lead', zh: '组长', en: 'Panel lead', width: 12 },
      { field: 'home', zh: '所在单位', en: 'Home unit', width: 14 },
      { field: 'login', zh: '登录名', en: 'Sign-in name', width: 14 },
      { field: 'phone', zh: '电话', en: 'Phone', width: 16 },
      { field: 'email', zh: '电子邮箱', en: 'E-mail', width: 30 },
    ],
  },
  assignment: {
    name: { zh: '测评分工', en: 'Assignments' },
    columns: [
      { field: 'unit', zh: '单位编号', en: 'Unit code', width: 12 },
      { field: 'precheck', zh: '预检测评员', en: 'Pre-check assessors', width: 20, list: true },
      { field: 'formal', zh: '正式测评员', en: 'Formal assessors', width: 30, list: true },
      { field: 'spotchecked', zh: '抽查下属单位', en: 'Spot-checked subordinates', width: 24, list: true },
      { field: 'spotcheckers', zh: '抽查测评员', en: 'Spot-check assessors', width: 20, list: true },
    ],
  },
};

/** The roster kinds in workbook order. */
export const ROSTER_KINDS: readonly RosterKind[] = ['unit', 'assessor', 'assignment'];

/** Splits a multi-valued cell on , ， 、 ; ； and whitespace (after NFKC, so full-width works too). */
export const LIST_SEPARATORS = /[,，、;；\s]+/;

/** The instructions sheet of the roster workbook, first line the title. */
export const ROSTER_INSTRUCTIONS: Record<Lang, string[]> = {
  zh: [
    '花名册填写说明',
    '本工作簿登记一轮测评的被测评单位、测评员和测评分工,上传后系统据此生成各单位、各测评员的评分表并核对提交情况。',
    '1. “单位”表:每行一个单位。被测评单位的“上级单位编号”留空;下属单位填其上级(被测评单位)的编号。编号仅限字母、数字和 . _ -,不超过 32 位,不得重复。',
    '2. “测评员”表:每行一名测评员,填写编号和姓名;“组长”列选“是”或“否”,组长负责上传合议汇总表。“所在单位”填测评员所在单位的编号(须在“单位”表中);来自本区各单位以外的(如档案局工作人员)留空。',
    '3. “测评分工”表:每个被测评单位一行。“预检测评员”填 2 名;“正式测评员”至少 2 名,背对背评分,一般 4–5 名并含 1 名组长;有 2 个及以上下属单位的,“抽查下属单位”填 2 个下属单位编号,“抽查测评员”填 1–2 名(留空则由第一名预检测评员抽查)。',
    '4. 回避:测评员不得预检、正式测评或抽查其所在单位、所在单位的下属单位或上级单位;违反的,系统在“测评分工”表中该测评员编号所在的单元格报错,花名册不予接受。',
    '5. 一个单元格填多个编号时,用逗号、顿号、分号或空格分隔,如“A01、A03”;全角字符按半角读取。',
    '6. 空行会被忽略。请勿改动表名和列的顺序,保存为 .xlsx 格式上传。',
    '7. 联系方式(选填):“单位”表的“档案员”填代表该单位登录的档案工作人员姓名;“登录名”“电话”“电子邮箱”填该人员的登录名和联系方式,“测评员”表同理。填了登录名的人员在创建测评轮次时加入本区人员名录。登录名仅限字母、数字和 . _ @ -,不超过 64 位,全表唯一,不得与其他角色共用;电话填手机号(如 13900000001)或座机(如 010-12345678)。',
  ],
  en: [
    'How to fill in the roster',
    'This workbook lists the units assessed in a round, the assessors and who assesses what. cepin uses it to generate each unit’s and each assessor’s score sheet and to track what has been submitted.',
    '1. “Units”: one unit per row. Leave “Parent unit code” blank for units assessed directly; for a subordinate unit enter its parent’s code. Codes use letters, digits and . _ - only, at most 32, and must be unique.',
    '2. “Assessors”: one assessor per row with ID and name; set “Panel lead” to Yes or No. Panel leads upload the panel’s reconciliation sheet. “Home unit” is the code of the unit the assessor works in (a unit on the “Units” sheet); leave it blank for an assessor from outside the district’s units, such as the bureau’s own staff.',
    '3. “Assignments”: one row per assessed unit. Name 2 pre-check assessors and at least 2 formal assessors (scoring is back-to-back; usually 4–5 including a panel lead). For units with 2 or more subordinates, name 2 spot-checked subordinates and 1–2 spot-check assessors (blank: the first pre-check assessor).',
    '4. Conflicts of interest (回避): no assessor may pre-check, formally assess or spot-check their home unit, a unit under it (its subordinates) or a unit above it (its parent). Each such assignment is an error at the “Assignments” cell holding the assessor’s ID, and the roster is not accepted.',
    '5. Separate several IDs in one cell with commas, 、, semicolons or spaces, e.g. “A01, A03”; full-width characters are read as half-width.',
    '6. Blank rows are ignored. Do not rename the sheets or reorder the columns; save as .xlsx to upload.',
    '7. Contacts (optional): on “Units”, “Archive staff” is the name of the archive staff who sign in for the unit, and “Sign-in name”, “Phone” and “E-mail” are theirs; the same columns on “Assessors” are the assessor’s. Everyone with a sign-in name joins the district’s people directory when a round is created. A sign-in name uses letters, digits and . _ @ - only (at most 64), is unique in the workbook and never shared between roles; a phone is a mobile (e.g. 13900000001) or a landline (e.g. 010-12345678).',
  ],
};
