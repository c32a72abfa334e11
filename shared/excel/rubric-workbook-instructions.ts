import type { Lang } from '../domain/text.ts';

/** The 说明 / Instructions sheet of the rubric workbook, first line the title. */
export const RUBRIC_INSTRUCTIONS: Record<Lang, string[]> = {
  zh: [
    '细则工作簿填写说明',
    '本工作簿描述一套测评细则(或对已有细则的细化方案)。填好后用“cepin rules check 文件.xlsx”检查,或在门户上传;系统会一次列出所有问题,并指明工作表、单元格和编号。本表(说明)不会被读取。',
    '1. “基本信息”表:A 列为项目名称,B 列填写内容。编号必填(小写字母、数字和连字符);版本为正整数,上传时留空则取下一个版本号;名称必填,英文名称选填;满分默认 100;只有细化方案才填写“基于”(被细化细则的编号)。',
    '2. “细则”表:每行一个条目,按“一级类别 → 其下条目”的顺序自上而下填写。编号不得重复,只能用字母、数字和 . - _;一级类别的“上级编号”留空,其余条目填写其上级条目的编号(上级必须在上方)。有下级的条目只填编号、名称和分值,不填评分方法;各下级分值之和必须等于上级分值,各一级类别(加分项除外)之和等于满分。',
    '3. 评分方法及其所需的列:直接打分(“单位分值”为打分步长,默认 0.5);逐条计分(在“评分细项”表逐条列出“条款”及分值);扣分(列出“扣分项”,每次扣分和“次数上限”);分档(“计量”填百分比或个数,可填“量程下限/上限”,在“评分细项”列出各“分档”);符合性(判定符合/不符合,无需其他列);计数(“单位分值”为每项分值,可在“评分细项”列出“计数项”);抽查(“数量”为抽查份数,最多 20,“单位分值”为每份分值,“抽查不足时”填按比例或按实得);逐处扣分(“单位分值”为每处扣分,在“评分细项”列出各“部分”的分值和保底分);下级抽查(“数量”为下属单位抽查表份数,默认 2)。方法不用的列请留空。',
    '4. “关键项”“可不适用”填“是”或留空;“否决条件”填一票否决的情形;“加分上限”只用于加分项一级类别;“适用等级”填等级代码,多个用逗号或顿号分隔(留空表示适用于所有等级);核查方式、见证材料、评分说明为选填文字。',
    '5. “评分细项”表:每行一条,“编号”填所属评分项的编号,同一项的各行按顺序连续填写。条款:名称、分值;扣分项:名称、分值(每次扣分)、次数上限;分档:下限、上限、含下限、含上限、分值;计数项:名称;部分:名称、分值、保底。分档的分值可写数字(固定得分)、“a~b”(在本档下限得 a 分、上限得 b 分,其间按比例)、“比率”(实测百分比 × 分值)或“比率 3”(实测百分比 × 3 分)。各档应首尾相接:未写“含下限/含上限”时,每档含下限、不含上限,最后一档含上限。',
    '6. “等级”表:从最高等级起每行一个,最后一行为兜底等级(“兜底”填“是”,只填代码和名称)。代码用小写英文,如 excellent、pass。总分下限/上限按总分评定;符合率下限/上限按符合项比例(百分数,如 80 或 80%)评定;类别得分率下限、单项得分率下限写 0.85 或 85%;“关键项满分”填“是”表示关键项须得满分;“合格”留空即为合格等级。',
    '7. “必备条件”写该等级要求达标(满分)的评分项编号,如“3 且 8 且 (12 且 (16 或 27))”:“且”也可写 和、and、&,“或”也可写 or、|。同一层中既有“且”又有“或”时必须用括号写明,否则无法确定含义。',
    '8. “否决事实”表(选填):存在即直接判定不合格的情形,每行代码和名称。',
    '9. 细化方案:在“基本信息”填写“基于”,“细则”表每行填写“操作”:“修改”(编号须为基础细则中已有的编号,只改填写了的列;在“评分细项”给出细项时替换其评分方法)或“新增”(拆分出的下级条目,“上级编号”填基础细则的末级评分项,每个被拆分的项至少拆成 2 个;也可填另一“新增”行的编号)。“等级”表留空则沿用基础细则的等级。',
    '10. 单元格:数字可写 3、3分、全角数字或 85%;“是/否”也可写 yes/no、✓、1/0;空白表示不设置。请勿使用公式、请勿合并单元格、请勿改动表名和第 1 行的列名(列的顺序可以调整)。“(英文)”列可留空。',
    '11. 用 Excel、WPS 或 LibreOffice 编辑后,请保存为 .xlsx 格式(不要另存为 .xls 或 .csv)。',
  ],
  en: [
    'How to fill in the rubric workbook',
    'This workbook describes one rule set (or an overlay refining an existing one). Check it with “cepin rules check file.xlsx” or upload it on the portal: every problem is listed at once, with its sheet, cell and code. This Instructions sheet is not read.',
    '1. “About”: the label in column A, the value in column B. Id is required (lower-case letters, digits and -); Version is a whole number, blank on upload for the next free one; Title is required (Chinese), Title (English) optional; Scale defaults to 100; Extends only for an overlay (the id of the rule set it refines).',
    '2. “Items”: one row per node, top down: a category, then the items under it. Codes are unique and use letters, digits and . - _ only; a category leaves Parent blank, every other row names its parent’s code (on a row above). A row with parts has code, title and points only, no method; the parts add up to its points, and the categories (bonus aside) to the scale.',
    '3. Methods and the columns they use: direct (Points per = the step, default 0.5); checklist (list its clauses on Details); deduction (list its deductions, points per occurrence, max count); scale (Measure percent or count, Input min/max optional, list its bands on Details); compliance (met or not, nothing else); count (Points per = per thing; list the things on Details, optional); sampling (Number = sample size, at most 20; Points per = per entry; When short rescale or as-is); defects (Points per = per defect; list the parts with points and floor on Details); spotcheck (Number = subordinate sheets, default 2). Leave the columns a method does not use blank.',
    '4. Key and N/A allowed: yes, or blank. Veto: the condition that fails the unit. Bonus cap: only on a bonus category. Counts for: grade codes separated by commas (blank: every grade). Verify, Evidence, Guidance: optional text.',
    '5. “Details”: one row per entry; Code is the item’s code, an item’s rows together and in order. clause: title, points; deduction: title, points (per occurrence), max count; band: min, max, include min, include max, points; thing: title; part: title, points, floor. A band’s points: a number (fixed), “a~b” (a at the band’s min, b at its max, linear between), “rate” (the measured percentage × the item’s points) or “rate 3” (× 3 points). Bands meet end to end: by default a band includes its min and not its max, the last band its max too.',
    '6. “Grades”: the highest first, one per row; the last row is the fallback (Fallback yes; code and label only). Codes are lower-case, e.g. excellent, pass. Min/Max total grade on the total; Min/Max share on the share of compliance items met (percent: 80 or 80%); Min category/item ratio: 0.85 or 85%; Key items full yes: key items need full marks; Passes blank means a passing grade.',
    '7. Requires: the items (codes) the grade needs met (full marks), e.g. “3 and 8 and (12 and (16 or 27))”; and may be written 且, 和, &; or may be written 或, |. Mixing and and or at one level needs parentheses: its meaning would be a guess.',
    '8. “Fail facts” (optional): facts that fail the unit outright, one code and title per row.',
    '9. Overlays: fill in Extends on About, and Action on every Items row: patch (the code exists in the base; only the cells filled in change; details given replace its method) or add (a part split off: Parent is a scored item of the base, split into at least 2, or another add row). Leave Grades empty to keep the base’s grades.',
    '10. Cells: numbers as 3, 3分, full-width digits or 85%; yes/no also as 是/否, ✓, 1/0; blank means not set. No formulas, no merged cells; do not rename the sheets or the headers in row 1 (the columns may be reordered). The (English) columns may stay blank.',
    '11. After editing in Excel, WPS or LibreOffice, save as .xlsx (not .xls or .csv).',
  ],
};

/** Hover notes on some headers: what the column takes. */
export const HEADER_NOTES: Record<string, Record<Lang, string>> = {
  'items.parent': {
    zh: '一级类别留空;其余填上级条目的编号',
    en: 'Blank for a category; else the parent’s code',
  },
  'items.method': {
    zh: '末级评分项必填;有下级的条目留空',
    en: 'Required on scored items; blank on rows with parts',
  },
  'items.per': {
    zh: '直接打分:步长;计数、抽查:每项分值;逐处扣分:每处扣分',
    en: 'direct: step; count, sampling: points each; defects: points per defect',
  },
  'items.number': { zh: '抽查:抽查份数;下级抽查:抽查表份数', en: 'sampling: sample size; spotcheck: sheets' },
  'items.countsFor': { zh: '等级代码,多个用逗号分隔', en: 'Grade codes, separated by commas' },
  'items.action': { zh: '仅细化方案:修改 或 新增', en: 'Overlays only: patch or add' },
  'details.points': {
    zh: '分档可写:3、5.7~6、比率、比率 3',
    en: 'A band may take: 3, 5.7~6, rate, rate 3',
  },
  'grades.requires': {
    zh: '如:3 且 8 且 (12 或 16)',
    en: 'e.g. 3 and 8 and (12 or 16)',
  },
  'grades.fallback': { zh: '最后一行(兜底等级)填“是”', en: 'yes on the last row (the fallback grade)' },
};
