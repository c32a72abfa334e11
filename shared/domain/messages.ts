import type { Issue, IssueParams } from './issues.ts';
import type { Lang } from './text.ts';
import { fill, location, placed } from './message-format.ts';

/** One message in both languages. */
export type Entry = { zh: string; en: string };

/**
 * The message catalogue: every user-facing problem text in Chinese and English. `{name}` is
 * replaced by the issue's parameter of that name.
 */
export const MESSAGES = {
  // rule sets
  'rules.schema': { zh: '细则格式错误:{detail}', en: 'Rule file format error: {detail}' },
  'rules.extends-cycle': { zh: '细则 {id} 循环引用自身', en: 'Rule set {id} extends itself' },
  'rules.extends-unknown': { zh: '找不到被细化的基础细则 {id}', en: 'The base rule set {id} was not found' },
  'rules.extends-invalid': {
    zh: '基础细则 {id} 本身有错误,请先检查它',
    en: 'The base rule set {id} has errors; check it first',
  },
  'rules.overlay-unknown-code': {
    zh: '基础细则中没有编号 {code}',
    en: 'The base rule set has no item {code}',
  },
  'rules.overlay-split-parent': {
    zh: '{code} 已有下级条目,只能拆分末级评分项',
    en: '{code} already has parts; only a scored leaf can be split',
  },
  'rules.sum-mismatch': {
    zh: '{code} 下级分值合计 {sum},与其分值 {max} 不一致。请调整各部分分值使合计为 {max},或把分值改为 {sum}',
    en: 'The parts of {code} add up to {sum}, not its {max} points. Make the parts add up to {max}, or write {sum} as its points',
  },
  'rules.duplicate-code': {
    zh: '编号 {code} 重复(首次出现于 {first})',
    en: 'Code {code} is used twice (first at {first})',
  },
  'rules.parent-with-method': {
    zh: '{code} 有下级条目,不能再设评分方法',
    en: '{code} has parts and cannot have a scoring method too',
  },
  'rules.leaf-without-method': { zh: '评分项 {code} 没有评分方法', en: 'Item {code} has no scoring method' },
  'rules.step-mismatch': {
    zh: '{code} 分值 {max} 不是步长 {step} 的整数倍',
    en: '{code}: {max} points is not a multiple of the step {step}',
  },
  'rules.deduction-too-large': {
    zh: '{code} 单次扣分 {points} 超过分值 {max}',
    en: '{code}: a deduction of {points} exceeds the item’s {max} points',
  },
  'rules.band-open': {
    zh: '{code} 的分段表只有最后一段可以不设上限,且线性段必须有上限',
    en: '{code}: only the last band may be open-ended, and a linear band needs a max',
  },
  'rules.band-order': {
    zh: '{code} 的分段表顺序错误或不连续(每段下限应等于上一段上限)',
    en: '{code}: scale bands are out of order or not contiguous (each min must equal the previous max)',
  },
  'rules.band-points': {
    zh: '{code} 的分段得分超过分值 {max}',
    en: '{code}: a band gives more than the item’s {max} points',
  },
  'rules.band-gap': {
    zh: '{code} 的分段表未覆盖最小值 {min}',
    en: '{code}: the scale bands do not start at the input minimum {min}',
  },
  'rules.grade-above-max': {
    zh: '等级 {grade} 的最低分 {min} 高于满分 {max}',
    en: 'Grade {grade} needs {min}, more than the maximum {max}',
  },
  'rules.grade-order': {
    zh: '等级 {grade} 应按最低分从高到低排列',
    en: 'Grades must be listed from the highest minimum down; {grade} is out of order',
  },
  'rules.band-hole': {
    zh: '{code} 第 {previous} 段止于 {from},第 {band} 段始于 {to}:{from}–{to} 之间的值不属于任何一段。请把第 {band} 段的 min 改为 {from},或把第 {previous} 段的 max 改为 {to}',
    en: '{code}: band {previous} ends at {from} and band {band} starts at {to}, so a value between them matches no band. Write min: {from} on band {band}, or max: {to} on band {previous}',
  },
  'rules.band-overlap': {
    zh: '{code} 第 {previous} 段与第 {band} 段在 {from}–{to} 重叠:其间的值同时属于两段。请把第 {band} 段的 min 改为 {to},或把第 {previous} 段的 max 改为 {from}',
    en: '{code}: bands {previous} and {band} overlap from {from} to {to}, so a value there matches both. Write min: {to} on band {band}, or max: {from} on band {previous}',
  },
  'rules.band-edge-both': {
    zh: '{code} 恰好等于 {value} 的值同时属于第 {previous} 段和第 {band} 段。请在第 {previous} 段写 includeMax: false({value} 归第 {band} 段),或在第 {band} 段写 includeMin: false({value} 归第 {previous} 段)',
    en: '{code}: a value of exactly {value} falls in both band {previous} and band {band}. Write includeMax: false on band {previous} ({value} belongs to band {band}) or includeMin: false on band {band} ({value} belongs to band {previous})',
  },
  'rules.band-edge-none': {
    zh: '{code} 恰好等于 {value} 的值既不属于第 {previous} 段也不属于第 {band} 段。请在第 {previous} 段写 includeMax: true,或删去第 {band} 段的 includeMin: false',
    en: '{code}: a value of exactly {value} falls in neither band {previous} nor band {band}. Write includeMax: true on band {previous}, or remove includeMin: false from band {band}',
  },
  'rules.band-end': {
    zh: '{code} 的分段表未覆盖到最大值 {max}。请把最后一段的 max 改为 {max}(含 {max} 时写 includeMax: true),或删去 max',
    en: '{code}: the bands stop short of the input maximum {max}. Write max: {max} on the last band (with includeMax: true to include it), or leave max out',
  },
  'rules.proportional-formula': {
    zh: '{code} 写了“按比例”但没有写明公式。请写 points: [起, 止](在本段下限得“起”分、上限得“止”分,其间线性),或 points: {"formula": "rate"}(实测百分比 × 分值)',
    en: '{code}: "proportional" without its formula. Write points: [from, to] (from at the band’s min, to at its max, linear between) or points: {"formula": "rate"} (the measured percentage × the points)',
  },
  'rules.clause-inline-points': {
    zh: '{code} 第 {clause} 条的标题写明 {inline} 分,但 points 为 {points}。请使两者一致',
    en: '{code}: clause {clause} says {inline} points in its title but has points: {points}. Make them agree',
  },
  'rules.count-unreachable': {
    zh: '{code} 所列各项全部具备也只得 {reach} 分,达不到分值 {max}。请补充所列项目、提高每项分值或降低分值',
    en: '{code}: every listed thing present gives only {reach} of its {max} points. List more things, raise the points each, or lower the item’s points',
  },
  'rules.sampling-points': {
    zh: '{code} 抽查 {size} 项 × 每项 {each} 分 = {sum} 分,与分值 {max} 不一致。请调整抽查数量或每项分值',
    en: '{code}: sampling {size} × {each} points each = {sum}, not its {max} points. Change the sample size or the points each',
  },
  'rules.floor-too-high': {
    zh: '{code} 某一类的保底分 {floor} 不低于该类分值 {points},扣分永远不起作用。请把 floor 改为低于 {points} 的值(扣完为止写 0)',
    en: '{code}: a part’s floor {floor} is not below its {points} points, so no defect can ever count. Write a floor below {points} (0 for 扣完为止)',
  },
  'rules.bonus-not-category': {
    zh: '{code} 只有一级类别可以设为加分项(bonus)。请把加分项放在单独的一级类别中',
    en: '{code}: only a top-level category can be a bonus (加分项) category. Put the bonus items in a category of their own',
  },
  'rules.counts-for-unknown': {
    zh: '{code} 的 countsFor 中的等级 {grade} 不存在。请写 grading.grades 中已有的等级代码',
    en: '{code}: countsFor names the grade {grade}, which grading does not define. Use a code from grading.grades',
  },
  'rules.grade-gap': {
    zh: '等级 {grade} 的上限 {from} 与 {above} 的下限 {to} 之间有空档,其间的结果没有等级。请把上限改为 {to}',
    en: 'Grade {grade} ends at {from} but {above} starts at {to}; a result between them has no grade. Write {to} as the upper limit',
  },
  'rules.grade-overlap': {
    zh: '等级 {grade} 的上限 {to} 高于 {above} 的下限 {from},{from}–{to} 之间的结果同时属于两个等级。请把上限改为 {from}',
    en: 'Grade {grade} reaches {to}, above the {from} where {above} starts, so a result between them matches both. Write {from} as the upper limit',
  },
  'rules.grade-edge-both': {
    zh: '恰好为 {value} 的结果同时属于 {above} 和 {grade}。请在 {grade} 写 includeMax: false({value} 评 {above}),或在 {above} 写 includeMin: false({value} 评 {grade})',
    en: 'A result of exactly {value} matches both {above} and {grade}. Write includeMax: false on {grade} ({value} is {above}) or includeMin: false on {above} ({value} is {grade})',
  },
  'rules.grade-edge-none': {
    zh: '恰好为 {value} 的结果既不属于 {above} 也不属于 {grade}。请在 {grade} 写 includeMax: true,或删去 {above} 的 includeMin: false',
    en: 'A result of exactly {value} matches neither {above} nor {grade}. Write includeMax: true on {grade}, or remove includeMin: false from {above}',
  },
  'rules.share-without-compliance': {
    zh: '等级 {grade} 按符合项比例(minShare)评定,但细则中没有符合性(compliance)评分项。请改用 minTotal,或把评分项设为 compliance',
    en: 'Grade {grade} uses the share of items met (minShare), but no item is a compliance item. Use minTotal instead, or make the items compliance items',
  },
  'rules.requirement-unknown': {
    zh: '等级 {grade} 要求的项目 {code} 不存在。请写细则中已有的评分项编号',
    en: 'Grade {grade} requires item {code}, which the rule set does not have. Use the code of an existing item',
  },
  'rules.requirement-not-item': {
    zh: '等级 {grade} 要求的 {code} 是类别或分组,不是评分项。请写其下具体评分项的编号',
    en: 'Grade {grade} requires {code}, a category or group, not a scored item. Name the items under it instead',
  },
  'rules.requirement-excluded': {
    zh: '等级 {grade} 要求项目 {code},但 {code} 的 countsFor 不含 {grade},该要求永远无法满足。请把 {grade} 加入其 countsFor 或删去此要求',
    en: 'Grade {grade} requires item {code}, but {code} does not count toward {grade} (countsFor), so it can never be met. Add {grade} to its countsFor or drop the requirement',
  },
  'rules.requirement-unreachable': {
    zh: '等级 {grade} 要求项目 {code} 达标(满分),但其评分方法最多只得 {reach}/{max} 分,永远无法满足。请修改该项的评分方法或分值',
    en: 'Grade {grade} requires item {code} met (full marks), but its method gives at most {reach} of {max}, so it can never be met. Fix the item’s method or points',
  },
  'rules.key-unreachable': {
    zh: '关键项 {code} 最多只得 {reach}/{max} 分,等级 {grade} 要求关键项满分,永远无法达到。请修改该项的评分方法或分值',
    en: 'Key item {code} gives at most {reach} of {max}, and grade {grade} needs key items full, so it can never be reached. Fix the item’s method or points',
  },
  // rubric workbooks (细则工作簿, docs/rubric-workbook.md): reading the sheets, cell by cell
  'rubric.is-score-sheet': {
    zh: '这是 cepin 评分表(测评时填写的工作簿),不是细则工作簿。请提供细则工作簿(可用 cepin rules export 导出,或用 cepin template --rubric 生成空白的)',
    en: 'This is a cepin score sheet (the workbook filled in when assessing), not a rubric workbook. Provide a rubric workbook (cepin rules export makes one, cepin template --rubric a blank one)',
  },
  'rubric.not-rubric': {
    zh: '这不是细则工作簿:没有“基本信息”和“细则”表(工作簿中的表:{found})。请使用 cepin 导出的细则工作簿或空白细则工作簿',
    en: 'This is not a rubric workbook: it has no “About” and “Items” sheets (sheets found: {found}). Use a rubric workbook exported by cepin, or the blank one',
  },
  'rubric.sheet-missing': {
    zh: '缺少工作表“{sheetZh}”;请勿删除工作表或改动表名',
    en: 'The sheet “{sheetEn}” is missing; do not delete or rename sheets',
  },
  'rubric.header-missing': {
    zh: '第 1 行缺少列名“{colZh}”;请勿删除或改动列名',
    en: 'Row 1 has no “{colEn}” header; do not delete or rename headers',
  },
  'rubric.header-twice': {
    zh: '列名“{value}”出现了两次(第一次在 {first});请删去重复的列',
    en: 'The header “{value}” appears twice (first in {first}); delete the extra column',
  },
  'rubric.unknown-header': {
    zh: '列名“{value}”无法识别;请使用“说明”表中列出的列名',
    en: 'The header “{value}” is not known; use the headers listed on the Instructions sheet',
  },
  'rubric.unknown-header-suggest': {
    zh: '列名“{value}”无法识别,您是不是要写“{suggestion}”?',
    en: 'The header “{value}” is not known. Did you mean “{suggestion}”?',
  },
  'rubric.unknown-label': {
    zh: '项目“{value}”无法识别;A 列应为:编号、版本、名称、名称(英文)、满分、基于',
    en: 'The label “{value}” is not known; column A takes: Id, Version, Title, Title (English), Scale, Extends',
  },
  'rubric.unknown-label-suggest': {
    zh: '项目“{value}”无法识别,您是不是要写“{suggestion}”?',
    en: 'The label “{value}” is not known. Did you mean “{suggestion}”?',
  },
  'rubric.label-twice': {
    zh: '项目“{value}”出现了两次(第一次在 {first});请删去重复的一行',
    en: 'The label “{value}” appears twice (first in {first}); delete the extra row',
  },
  'rubric.about-missing': {
    zh: '“基本信息”表缺少“{colZh}”一行;请在 A 列写“{colZh}”,在 B 列填写内容',
    en: 'The About sheet has no “{colEn}” row; write {colEn} in column A and its value in column B',
  },
  'rubric.bad-id': {
    zh: '细则编号“{value}”无效:只能用小写字母、数字和连字符,如 dongcheng-2026',
    en: 'Rule set id “{value}” is not valid: lower-case letters, digits and hyphens only, e.g. dongcheng-2026',
  },
  'rubric.scale-in-overlay': {
    zh: '细化方案沿用基础细则的满分,不能填写“满分”;请清空此格',
    en: 'An overlay keeps the scale of its base and cannot set Scale; clear the cell',
  },
  'rubric.required': { zh: '“{colZh}”必须填写', en: '{colEn} must be filled in' },
  'rubric.zh-missing': {
    zh: '只填写了英文“{value}”,中文“{colZh}”必须填写(英文可以留空,中文不可以)',
    en: 'Only the English “{value}” is given; the Chinese {colEn} must be filled in (English may stay blank, Chinese may not)',
  },
  'rubric.formula': {
    zh: '单元格中是公式“{value}”;细则工作簿只读取填写的值,请直接填写(如分值写数字)',
    en: 'The cell holds a formula “{value}”; the rubric workbook reads values only, so type the value itself',
  },
  'rubric.error-value': {
    zh: '单元格为错误值 {value};请直接填写数值或文字',
    en: 'The cell holds the error {value}; type the value itself',
  },
  'rubric.merged': {
    zh: '此单元格与 {cell} 等单元格合并;细则工作簿的表格中不能有合并单元格,请取消合并后每格分别填写',
    en: 'This cell is merged with {cell} and others; the rubric workbook’s tables take no merged cells, so unmerge them and fill in each cell',
  },
  'rubric.not-a-number': {
    zh: '“{colZh}”应填数字(可写 3、3分、３),“{value}”不是数字',
    en: '{colEn} takes a number (3, 3分 or full-width ３ are fine); “{value}” is not one',
  },
  'rubric.not-positive': {
    zh: '“{colZh}”应大于 0,填写的是 {value}',
    en: '{colEn} must be more than 0; it is {value}',
  },
  'rubric.negative': {
    zh: '“{colZh}”不能为负数,填写的是 {value}',
    en: '{colEn} cannot be negative; it is {value}',
  },
  'rubric.not-whole': {
    zh: '“{colZh}”应为正整数,填写的是 {value}',
    en: '{colEn} must be a whole number above 0; it is {value}',
  },
  'rubric.share-range': {
    zh: '“{colZh}”是百分数,应在 0–100 之间(如 80 或 80%),填写的是 {value}',
    en: '{colEn} is a percentage between 0 and 100 (80 or 80%); it is {value}',
  },
  'rubric.ratio-range': {
    zh: '“{colZh}”应在 0–1 之间(如 0.85 或 85%),填写的是 {value}',
    en: '{colEn} must be between 0 and 1 (0.85 or 85%); it is {value}',
  },
  'rubric.not-a-boolean': {
    zh: '“{colZh}”应填“是”或“否”(也可填 yes/no、✓、1/0),“{value}”无法识别',
    en: '{colEn} takes yes or no (是/否, ✓, 1/0 also work); “{value}” is neither',
  },
  'rubric.unknown-choice': {
    zh: '“{colZh}”填写的“{value}”无法识别;可选:{choicesZh}',
    en: '{colEn} “{value}” is not known; choose one of: {choicesEn}',
  },
  'rubric.unknown-choice-suggest': {
    zh: '“{colZh}”填写的“{value}”无法识别,您是不是要写“{suggestion}”?可选:{choicesZh}',
    en: '{colEn} “{value}” is not known. Did you mean “{suggestion}”? Choose one of: {choicesEn}',
  },
  'rubric.bad-code': {
    zh: '编号“{value}”无效:须以字母或数字开头,只能用字母、数字和 . - _,不超过 24 个字符',
    en: 'Code “{value}” is not valid: start with a letter or digit and use letters, digits and . - _ only, at most 24 characters',
  },
  'rubric.bad-grade-code': {
    zh: '等级代码“{value}”无效:须以小写英文字母开头,只能用小写字母、数字和连字符,如 excellent、pass',
    en: 'Grade code “{value}” is not valid: lower-case letters, digits and hyphens, starting with a letter, e.g. excellent, pass',
  },
  'rubric.duplicate-code': {
    zh: '编号 {code} 重复(首次出现于 {first});每个编号只能用一次',
    en: 'Code {code} is used twice (first at {first}); every code names one row',
  },
  'rubric.duplicate-code-base': {
    zh: '编号 {code} 已在基础细则中使用;新增的条目请换一个编号',
    en: 'Code {code} is taken in the base rule set; give the added part another code',
  },
  'rubric.items-empty': {
    zh: '“细则”表没有任何条目;请从第 2 行起每行填写一个条目',
    en: 'The Items sheet lists nothing; fill in one node per row from row 2',
  },
  'rubric.parent-unknown': {
    zh: '上级编号 {value} 不在“细则”表中;请填写上方某一行的编号(一级类别留空)',
    en: 'Parent {value} is not on the Items sheet; write the code of a row above (blank for a category)',
  },
  'rubric.parent-unknown-suggest': {
    zh: '上级编号 {value} 不在“细则”表中,您是不是要写 {suggestion}?(一级类别留空)',
    en: 'Parent {value} is not on the Items sheet. Did you mean {suggestion}? (Blank for a category.)',
  },
  'rubric.parent-below': {
    zh: '上级编号 {value} 在本行下方;上级条目必须写在其下级之前(按“类别 → 条目”自上而下)',
    en: 'Parent {value} is below this row; a parent comes before its parts (category, then the items under it)',
  },
  'rubric.parent-self': {
    zh: '上级编号不能是本行自己的编号 {value}',
    en: 'A row cannot be its own parent ({value})',
  },
  'rubric.total-mismatch': {
    zh: '各一级类别(加分项除外)的分值合计 {sum},与满分 {max} 不一致。请调整类别分值,或把满分改为 {sum}',
    en: 'The categories (bonus aside) add up to {sum}, not the scale {max}. Adjust the categories, or write {sum} as the scale',
  },
  'rubric.cell-unused': {
    zh: '评分方法“{methodZh}”不使用“{colZh}”;请清空此格(或改用需要它的评分方法)',
    en: 'Method {methodEn} does not use {colEn}; clear the cell (or choose a method that uses it)',
  },
  'rubric.cell-needs-method': {
    zh: '“{colZh}”属于评分方法,但本行没有评分方法;请填写“评分方法”或清空此格',
    en: '{colEn} belongs to a scoring method, but this row has none; fill in Method or clear the cell',
  },
  'rubric.details-missing': {
    zh: '评分方法“{methodZh}”需要在“评分细项”表列出至少一行“{kindZh}”(编号填本项的编号)',
    en: 'Method {methodEn} needs at least one {kindEn} row on the Details sheet (with this item’s code)',
  },
  'rubric.details-too-many': {
    zh: '“{methodZh}”最多 {max} 行评分细项,此项有 {count} 行',
    en: '{methodEn} takes at most {max} detail rows; this item has {count}',
  },
  'rubric.sample-size': {
    zh: '抽查份数最多 {max},此处为 {value}',
    en: 'A sample is at most {max} entries; this one is {value}',
  },
  'rubric.detail-unknown-item': {
    zh: '编号 {value} 不在“细则”表中;评分细项的编号应为其所属评分项的编号',
    en: 'Code {value} is not on the Items sheet; a detail row takes the code of its item',
  },
  'rubric.detail-unknown-item-suggest': {
    zh: '编号 {value} 不在“细则”表中,您是不是要写 {suggestion}?',
    en: 'Code {value} is not on the Items sheet. Did you mean {suggestion}?',
  },
  'rubric.detail-no-method': {
    zh: '“细则”表中此项没有评分方法,这些评分细项无处可用;请在“细则”表填写其评分方法,或删去这些行',
    en: 'The item has no method on the Items sheet, so these detail rows belong nowhere; fill in its Method or delete the rows',
  },
  'rubric.detail-kind-mismatch': {
    zh: '此项的评分方法是“{methodZh}”,不使用“{kindZh}”行;请改正“类型”或该项的评分方法',
    en: 'The item’s method is {methodEn}, which takes no {kindEn} rows; fix the Kind or the item’s Method',
  },
  'rubric.detail-cell-unused': {
    zh: '“{kindZh}”行不使用“{colZh}”;请清空此格',
    en: 'A {kindEn} row does not use {colEn}; clear the cell',
  },
  'rubric.band-points-syntax': {
    zh: '分档的分值“{value}”无法识别:可写数字(如 3)、“a~b”(如 5.7~6:本档下限得 a 分、上限得 b 分)、“比率”或“比率 3”',
    en: 'Band points “{value}” not understood: write a number (3), “a~b” (5.7~6: a at the band’s min, b at its max), “rate” or “rate 3”',
  },
  'rubric.band-hole': {
    zh: '{code} 第 {previous} 档止于 {from},第 {band} 档始于 {to}:{from}–{to} 之间的值不属于任何一档。请把第 {band} 档的“下限”改为 {from},或把第 {previous} 档的“上限”改为 {to}',
    en: '{code}: band {previous} ends at {from} and band {band} starts at {to}, so a value between them is in no band. Write {from} as the Min of band {band}, or {to} as the Max of band {previous}',
  },
  'rubric.band-overlap': {
    zh: '{code} 第 {previous} 档与第 {band} 档在 {from}–{to} 重叠:其间的值同时属于两档。请把第 {band} 档的“下限”改为 {to},或把第 {previous} 档的“上限”改为 {from}',
    en: '{code}: bands {previous} and {band} overlap from {from} to {to}, so a value there is in both. Write {to} as the Min of band {band}, or {from} as the Max of band {previous}',
  },
  'rubric.band-edge-both': {
    zh: '{code} 恰好等于 {value} 的值同时属于第 {previous} 档和第 {band} 档。请在第 {previous} 档的“含上限”填“否”({value} 归第 {band} 档),或在第 {band} 档的“含下限”填“否”({value} 归第 {previous} 档)',
    en: '{code}: a value of exactly {value} is in both band {previous} and band {band}. Write no as Include max of band {previous} ({value} goes to band {band}) or no as Include min of band {band} ({value} goes to band {previous})',
  },
  'rubric.band-edge-none': {
    zh: '{code} 恰好等于 {value} 的值既不属于第 {previous} 档也不属于第 {band} 档。请在第 {previous} 档的“含上限”填“是”,或清空第 {band} 档的“含下限”',
    en: '{code}: a value of exactly {value} is in neither band {previous} nor band {band}. Write yes as Include max of band {previous}, or clear Include min of band {band}',
  },
  'rubric.band-end': {
    zh: '{code} 的分档没有覆盖到量程上限 {max}。请把最后一档的“上限”改为 {max}(含 {max} 时“含上限”填“是”),或清空最后一档的“上限”',
    en: '{code}: the bands stop short of the input max {max}. Write {max} as the Max of the last band (Include max yes to include it), or clear its Max',
  },
  'rubric.proportional-formula': {
    zh: '{code} 的分档分值写了“按比例”,但没有写明怎么算。请写“a~b”(本档下限得 a 分、上限得 b 分,其间按比例)或“比率”(实测百分比 × 分值)',
    en: '{code}: a band says “proportional” without saying how. Write “a~b” (a at the band’s min, b at its max, linear between) or “rate” (the measured percentage × the points)',
  },
  'rubric.floor-too-high': {
    zh: '{code} 某一部分的“保底”{floor} 不低于其分值 {points},扣分永远不起作用。请把保底改为低于 {points} 的值(扣完为止填 0 或留空)',
    en: '{code}: a part’s Floor {floor} is not below its {points} points, so no defect ever counts. Write a floor below {points} (0 or blank to deduct all the way)',
  },
  'rubric.bonus-not-category': {
    zh: '{code}:只有一级类别可以填写“加分上限”(加分项)。请把加分项放在单独的一级类别中',
    en: '{code}: only a category can have a Bonus cap (加分项). Put the bonus items in a category of their own',
  },
  'rubric.counts-for-unknown': {
    zh: '{code} 的“适用等级”写了 {grade},但“等级”表中没有这个等级代码',
    en: '{code}: Counts for names {grade}, which is not a code on the Grades sheet',
  },
  'rubric.requirement-excluded': {
    zh: '等级 {grade} 要求项目 {code},但 {code} 的“适用等级”不含 {grade},该要求永远无法满足。请把 {grade} 加入其适用等级,或删去此要求',
    en: 'Grade {grade} requires item {code}, but its Counts for leaves {grade} out, so it can never be met. Add {grade} to its Counts for or drop the requirement',
  },
  'rubric.share-without-compliance': {
    zh: '等级 {grade} 按符合率评定,但细则中没有“符合性”评分项。请改用“总分下限”,或把评分项设为符合性',
    en: 'Grade {grade} uses a share of items met, but no item is a compliance item. Use Min total instead, or make the items compliance items',
  },
  'rubric.grade-edge-both': {
    zh: '恰好为 {value} 的结果同时属于 {above} 和 {grade}。请在 {grade} 的“含上限”填“否”({value} 评 {above}),或在 {above} 的“含下限”填“否”({value} 评 {grade})',
    en: 'A result of exactly {value} is both {above} and {grade}. Write no as Include max of {grade} ({value} is {above}) or no as Include min of {above} ({value} is {grade})',
  },
  'rubric.grade-edge-none': {
    zh: '恰好为 {value} 的结果既不属于 {above} 也不属于 {grade}。请在 {grade} 的“含上限”填“是”,或清空 {above} 的“含下限”',
    en: 'A result of exactly {value} is neither {above} nor {grade}. Write yes as Include max of {grade}, or clear Include min of {above}',
  },
  'rubric.grades-missing': {
    zh: '“等级”表中没有等级;请从最高等级起每行填写一个,最后一行为兜底等级',
    en: 'The Grades sheet lists no grade; fill in one per row from the highest, the fallback last',
  },
  'rubric.duplicate-grade': {
    zh: '等级代码 {value} 重复(首次出现于 {first})',
    en: 'Grade code {value} is used twice (first at {first})',
  },
  'rubric.fallback-missing': {
    zh: '“等级”表缺少兜底等级:请在最后一行填写未达到任何等级时的结果(如 fail / 不合格),并在“兜底”列填“是”',
    en: 'The Grades sheet has no fallback: on the last row, give the result when no grade is reached (e.g. fail) with Fallback yes',
  },
  'rubric.fallback-twice': {
    zh: '只能有一个兜底等级(已在 {first} 填写)',
    en: 'There is one fallback grade only (already at {first})',
  },
  'rubric.fallback-not-last': {
    zh: '兜底等级应在“等级”表的最后一行;请把它移到其他等级之后',
    en: 'The fallback grade goes on the last row of Grades; move it below the others',
  },
  'rubric.fallback-cell-unused': {
    zh: '兜底等级只填代码和名称;请清空“{colZh}”',
    en: 'The fallback grade takes a code and a label only; clear {colEn}',
  },
  'rubric.expr-mixed': {
    zh: '必备条件“{value}”在同一层中既有“且”又有“或”,含义不明确。请加括号写明,如“3 且 (16 或 27)”或“(3 且 16) 或 27”',
    en: 'Requires “{value}” mixes and with or at one level, so its meaning is a guess. Add parentheses: “3 and (16 or 27)” or “(3 and 16) or 27”',
  },
  'rubric.expr-paren': {
    zh: '必备条件“{value}”中的括号不成对',
    en: 'The parentheses of Requires “{value}” do not pair up',
  },
  'rubric.expr-syntax': {
    zh: '必备条件“{value}”在“{at}”处无法识别。写法如“3 且 8 且 (12 或 16)”:编号之间用“且”(和、and、&)或“或”(or、|)连接',
    en: 'Requires “{value}” is not understood at “{at}”. Write e.g. “3 and 8 and (12 or 16)”: codes joined by and (且, 和, &) or or (或, |)',
  },
  'rubric.facts-without-grades': {
    zh: '细化方案填写了否决事实,但“等级”表为空;否决事实属于等级规则,要替换时请同时填写“等级”表',
    en: 'The overlay lists fail facts but no grades; the facts belong to the grading, so give the Grades too to replace it',
  },
  'rubric.action-missing': {
    zh: '细化方案的每一行都要填写“操作”:“修改”(改基础细则中已有的条目)或“新增”(拆分出的下级条目)',
    en: 'Every row of an overlay needs an Action: patch (changes an item of the base) or add (a part split off)',
  },
  'rubric.action-not-overlay': {
    zh: '“操作”只用于细化方案(“基本信息”中填写了“基于”);完整细则请清空此列',
    en: 'Action is for overlays only (Extends filled in on About); clear it in a full rule set',
  },
  'rubric.patch-cell-unused': {
    zh: '“修改”行不使用“{colZh}”;请清空此格(要拆分条目请用“新增”行)',
    en: 'A patch row does not use {colEn}; clear the cell (to split an item, use add rows)',
  },
  'rubric.patch-method-missing': {
    zh: '“修改”行要改评分方法时,请填写“评分方法”和它需要的全部列(评分方法整体替换);只填“{colZh}”无法修改',
    en: 'To change a method, a patch row gives Method and every column it needs (the method is replaced whole); {colEn} alone changes nothing',
  },
  'rubric.patch-empty': {
    zh: '“修改”行除编号外没有填写任何内容,不会改变任何东西',
    en: 'This patch row gives nothing but its code, so it changes nothing',
  },
  'rubric.split-one-child': {
    zh: '{value} 只拆出了一个下级条目;拆分至少要有 2 个“新增”行,其分值之和等于 {value} 的分值',
    en: '{value} is split into one part only; a split needs at least 2 add rows whose points add up to those of {value}',
  },
  // files and workbooks
  'file.empty': { zh: '文件为空', en: 'The file is empty' },
  'file.too-large': {
    zh: '文件过大({size} 字节,上限 {max})',
    en: 'The file is too large ({size} bytes, limit {max})',
  },
  'file.xls': {
    zh: '这是旧版 Excel 97-2003 (.xls) 文件或设置了打开密码的工作簿;请取消密码,用 Excel/WPS“另存为” .xlsx 后重新上传',
    en: 'This is an old Excel 97-2003 (.xls) file or a password-protected workbook; remove the password, “Save as” .xlsx in Excel/WPS and upload again',
  },
  'file.xlsm': {
    zh: '这是启用宏的工作簿(.xlsm),请“另存为” .xlsx(不含宏)后重新上传',
    en: 'This is a macro-enabled workbook (.xlsm); “Save as” a plain .xlsx and upload again',
  },
  'file.text': {
    zh: '这是文本/CSV 文件,不是 Excel 工作簿;请在下载的模板中填写并保存为 .xlsx',
    en: 'This is a text/CSV file, not an Excel workbook; fill in the downloaded template and save it as .xlsx',
  },
  'file.not-xlsx': {
    zh: '无法识别的文件(不是 .xlsx 工作簿);请上传下载的评分模板',
    en: 'Unrecognised file (not an .xlsx workbook); upload the score template you downloaded',
  },
  'file.corrupt': {
    zh: '工作簿已损坏,无法读取({detail});请用 Excel/WPS 打开、重新保存后再上传',
    en: 'The workbook is damaged and cannot be read ({detail}); open it in Excel/WPS, save it again and upload it again',
  },
  'file.zip64': {
    zh: '工作簿以 ZIP64 格式打包,不予接收;请用 Excel/WPS 打开后“另存为” .xlsx 再上传',
    en: 'The workbook is packed as ZIP64, which is not accepted; open it in Excel/WPS, “Save as” .xlsx and upload again',
  },
  'file.zip-bomb': {
    zh: '疑为“压缩炸弹”:内部文件 {part} 解压后至少 {size} 字节,超过允许的 {max} 字节,已拒收',
    en: 'This looks like a zip bomb: its part {part} unpacks to at least {size} bytes, more than the {max} allowed; refused',
  },
  'file.too-many-entries': {
    zh: '工作簿内部文件过多({count} 个,上限 {max}),已拒收',
    en: 'The workbook holds too many parts ({count}, limit {max}) and was refused',
  },
  'sheet.not-template': {
    zh: '这不是 cepin 生成的评分模板(缺少隐藏的“_cepin”信息表);请下载模板填写',
    en: 'This is not a cepin score template (the hidden “_cepin” sheet is missing); download a template and fill it in',
  },
  'sheet.meta-edited': {
    zh: '隐藏信息表“_cepin”被修改({field});请使用原始模板重新填写',
    en: 'The hidden “_cepin” sheet was edited ({field}); fill in an unmodified template',
  },
  'sheet.template-version': {
    zh: '模板格式版本 {version} 不受支持(当前为 {current});请下载新模板',
    en: 'Template format version {version} is not supported (current: {current}); download a new template',
  },
  'sheet.rules-unknown': {
    zh: '模板所用细则 {id} 不存在;请向区档案局确认并下载正确的模板',
    en: 'The template’s rule set {id} is unknown; ask the district bureau and download the right template',
  },
  'sheet.rules-older': {
    zh: '模板基于细则 {id} 第 {version} 版,现行为第 {current} 版;请下载新模板并重新填写',
    en: 'The template was made from rule set {id} version {version}; the current version is {current}. Download a new template and fill it in again',
  },
  'sheet.rules-different': {
    zh: '模板基于细则 {id} 第 {version} 版(指纹 {fingerprint}),与现行细则(第 {current} 版,指纹 {currentFingerprint})不一致;请下载新模板',
    en: 'The template was made from rule set {id} version {version} (fingerprint {fingerprint}), which differs from the current one (version {current}, fingerprint {currentFingerprint}); download a new template',
  },
  'sheet.missing': {
    zh: '找不到评分表“{expected}”(工作簿中的表:{found});请勿删除或改名',
    en: 'The score sheet “{expected}” is missing (sheets found: {found}); do not delete or rename it',
  },
  'sheet.renamed': {
    zh: '评分表被改名为“{found}”(应为“{expected}”),已按原表读取',
    en: 'The score sheet was renamed to “{found}” (expected “{expected}”); it was read all the same',
  },
  'sheet.row-mismatch': {
    zh: '第 {row} 行应为项目 {expected},实际为“{found}”;表格行被插入、删除或调换,请使用新模板重新填写',
    en: 'Row {row} should hold item {expected} but holds “{found}”; rows were inserted, deleted or reordered. Fill in a fresh template',
  },
  'sheet.extra-rows': {
    zh: '合计行之后有 {rows} 行多余内容(自第 {row} 行“{found}”起),已忽略',
    en: '{rows} rows after the total hold extra content (from row {row}, “{found}”); they were ignored',
  },
  'sheet.cell-changed': {
    zh: '固定内容被改动:应为“{expected}”,实际为“{found}”;请勿修改编号、内容和分值',
    en: 'A fixed cell was changed: expected “{expected}”, found “{found}”; do not edit codes, titles or points',
  },
  'sheet.formula-overwritten': {
    zh: '得分公式被改写为“{found}”;请在输入列填写,得分由系统计算',
    en: 'The score formula was typed over with “{found}”; fill in the input columns, the score is computed',
  },
  'sheet.empty': { zh: '评分表没有填写任何内容', en: 'Nothing was filled in on the score sheet' },
  'sheet.derived-pending': {
    zh: '{item} 由下属单位抽查表计算,合并结果时得出;本表总分暂不含此项,等级待定',
    en: '{item} is computed from the subordinates’ spot-check sheets when results are combined; this total leaves it out and the grade is pending',
  },
  'sheet.merged': {
    zh: '输入单元格被合并到 {master};请取消合并后填写',
    en: 'The input cell was merged into {master}; unmerge it and fill it in',
  },
  'sheet.na-not-allowed': { zh: '此项不允许填“不适用”', en: 'This item cannot be marked not applicable' },
  // inputs
  'input.missing': { zh: '未填写', en: 'Not filled in' },
  'input.key-missing': { zh: '关键项未填写', en: 'Key item not filled in' },
  'input.veto-missing': {
    zh: '一票否决情形未填写(请选“是”或“否”)',
    en: 'The veto condition is not answered (choose Yes or No)',
  },
  'input.formula': {
    zh: '输入单元格中是公式“{value}”,请直接填写数值',
    en: 'The input cell holds a formula “{value}”; type the value itself',
  },
  'input.date': { zh: '“{value}”是日期,此处应填数字', en: '“{value}” is a date; a number belongs here' },
  'input.error-value': { zh: '单元格为错误值 {value}', en: 'The cell holds the error {value}' },
  'input.not-a-number': { zh: '“{value}”不是数字', en: '“{value}” is not a number' },
  'input.not-a-choice': {
    zh: '“{value}”不是可选值(是/否)',
    en: '“{value}” is not an allowed answer (Yes/No)',
  },
  'input.out-of-range': { zh: '{value} 超出范围 {min}–{max}', en: '{value} is outside {min}–{max}' },
  'input.step': { zh: '{value} 不是 {step} 的整数倍', en: '{value} is not a multiple of {step}' },
  'input.not-whole': { zh: '{value} 应为整数', en: '{value} must be a whole number' },
  'input.compliance-missing': {
    zh: '未判定:请选择“符合”“不符合”或“不适用”',
    en: 'Not judged: choose Met, Not met or N/A',
  },
  'input.not-a-compliance': {
    zh: '“{value}”不是有效判定,请从下拉列表中选择“符合”或“不符合”(可填不适用的项目也可选“不适用”)',
    en: '“{value}” is not a judgement; pick Met or Not met from the list (or N/A where the item allows it)',
  },
  'input.na-not-allowed': {
    zh: '此项不可判定为“不适用”,请选择“符合”或“不符合”',
    en: 'This item cannot be N/A; choose Met or Not met',
  },
  'input.fact-missing': {
    zh: '直接判定不合格的情形未填写(请选“是”或“否”)',
    en: 'A fact that fails the unit outright is not answered (choose Yes or No)',
  },
  'input.sample-missing': {
    zh: '未记录抽查结果:请逐项填写抽查的每一份是否合格(“是/否”),未抽到的留空',
    en: 'No sample recorded: answer Yes/No for each entry sampled, leaving the rest blank',
  },
  'input.unit-stripped': { zh: '“{value}”按 {read} 读取', en: '“{value}” was read as {read}' },
  'input.full-marks': { zh: '“{value}”按满分 {read} 读取', en: '“{value}” was read as full marks, {read}' },
  'input.note-truncated': {
    zh: '文字过长({length} 字),只保留前 {max} 字',
    en: 'The text is too long ({length} characters); the first {max} are kept',
  },
  'item.loss-without-problem': {
    zh: '失分 {lost} 分但未填写扣分原因/存在问题',
    en: 'Loses {lost} point(s) but no problem is described',
  },
  // grades
  'grade.veto': { zh: '{item} 触发一票否决', en: 'Veto condition of {item} met' },
  'grade.veto-confirmed': {
    zh: '{item} 一票否决经合议确认:{reason}',
    en: 'Veto of {item} confirmed by the panel: {reason}',
  },
  'grade.late-sheet': {
    zh: '含评分公开后补交的评分表:{who},补交理由:{reason}',
    en: 'Includes a sheet submitted after scores were visible: {who}; reason: {reason}',
  },
  'grade.veto-overturned': {
    zh: '{item} 的否决意见经合议推翻,不予否决:{reason}',
    en: 'Veto of {item} overturned by the panel: {reason}',
  },
  'grade.below-total': {
    zh: '总分 {total} 低于{grade}线 {min}',
    en: 'Total {total} is below the {grade} threshold {min}',
  },
  'grade.key-not-full': {
    zh: '关键项 {item} 未得满分({score}/{max}),不能评{grade}',
    en: 'Key item {item} is not full ({score}/{max}), which rules out {grade}',
  },
  'grade.category-ratio': {
    zh: '类别 {category} 得分率 {percent}% 低于{grade}要求的 {min}%',
    en: 'Category {category} scores {percent}%, below the {min}% {grade} needs',
  },
  'grade.item-ratio': {
    zh: '评分项 {item} 得分率 {percent}% 低于{grade}要求的 {min}%',
    en: 'Item {item} scores {percent}%, below the {min}% {grade} needs',
  },
  'grade.below-share': {
    zh: '符合项比例 {percent}% 低于{grade}线 {min}%',
    en: 'Items met: {percent}%, below the {grade} threshold {min}%',
  },
  'grade.requirement': {
    zh: '必备项 {rule} 未全部符合,不能评{grade}(“+”为且,“/”为或)',
    en: 'Required items {rule} not met, which rules out {grade} (“+” and, “/” or)',
  },
  'grade.requirement-item': {
    zh: '必备项 {item} 未符合,不能评{grade}',
    en: 'Required item {item} not met, which rules out {grade}',
  },
  'grade.fact': { zh: '存在直接判定不合格的情形:{fact}', en: 'A fact that fails the unit outright: {fact}' },
  'grade.reached-share': {
    zh: '符合项比例 {percent}% 达到{grade}线 {min}%',
    en: 'Items met: {percent}% reaches the {grade} threshold {min}%',
  },
  'grade.reached': {
    zh: '总分 {total} 达到{grade}线 {min}',
    en: 'Total {total} reaches the {grade} threshold {min}',
  },
  // rosters
  'roster.bad-code': {
    zh: '编号“{value}”无效(仅限字母、数字、._-,不超过 32 位)',
    en: 'Code “{value}” is invalid (letters, digits, . _ -; at most 32)',
  },
  'roster.duplicate': { zh: '“{value}”重复出现', en: '“{value}” appears twice' },
  'roster.missing': { zh: '必填内容未填写', en: 'A required value is missing' },
  'roster.unknown-unit': { zh: '单位“{value}”不在单位名单中', en: 'Unit “{value}” is not in the unit list' },
  'roster.self-parent': {
    zh: '单位“{value}”不能是自己的上级',
    en: 'Unit “{value}” cannot be its own parent',
  },
  'roster.unknown-assessor': {
    zh: '测评员“{value}”不在测评员名单中',
    en: 'Assessor “{value}” is not in the assessor list',
  },
  'roster.precheck-count': {
    zh: '预检应由 2 名测评员进行,此处为 {count} 名',
    en: 'A pre-check is done by 2 assessors; {count} are named',
  },
  'roster.formal-count': {
    zh: '正式测评至少需要 2 名测评员背对背评分,此处为 {count} 名',
    en: 'Back-to-back formal scoring needs at least 2 assessors; {count} are named',
  },
  'roster.not-subordinate': {
    zh: '被抽查单位“{value}”不是 {unit} 的下属单位',
    en: 'Spot-checked unit “{value}” is not a subordinate of {unit}',
  },
  'roster.spotcheck-count': {
    zh: '有下属单位的应抽查 2 个,此处为 {count} 个',
    en: 'Two subordinates should be spot-checked; {count} are named',
  },
  'roster.no-spotchecker': {
    zh: '未指定抽查测评员(也没有预检测评员可代)',
    en: 'No spot-check assessor is named (and no pre-check assessor to default to)',
  },
  'roster.unassigned': { zh: '该单位没有测评分工', en: 'This unit has no assignment' },
  'roster.home-unknown': {
    zh: '所在单位“{value}”不在单位名单中(来自本区各单位以外的测评员,如档案局工作人员,请留空)',
    en: 'Home unit “{value}” is not in the unit list (leave it blank for an assessor from outside the district’s units, such as the bureau’s own staff)',
  },
  'roster.home-unknown-suggest': {
    zh: '所在单位“{value}”不在单位名单中,您是不是要写“{suggestion}”?',
    en: 'Home unit “{value}” is not in the unit list. Did you mean “{suggestion}”?',
  },
  'roster.conflict-own': {
    zh: '测评员 {assessor}(所在单位 {home})不能测评本单位 {unit},须回避',
    en: 'Assessor {assessor} (home unit {home}) may not assess their own unit {unit}: conflict of interest (回避)',
  },
  'roster.conflict-subordinate': {
    zh: '测评员 {assessor}(所在单位 {home})不能测评本单位的下属单位 {unit},须回避',
    en: 'Assessor {assessor} (home unit {home}) may not assess {unit}, a subordinate of their own unit: conflict of interest (回避)',
  },
  'roster.conflict-superior': {
    zh: '测评员 {assessor}(所在单位 {home})不能测评本单位的上级单位 {unit},须回避',
    en: 'Assessor {assessor} (home unit {home}) may not assess {unit}, a superior of their own unit: conflict of interest (回避)',
  },
  // rosters: people and their contact (the people directory)
  'roster.bad-login': {
    zh: '登录名“{value}”无效(仅限字母、数字和 . _ @ -,不超过 64 位)',
    en: 'Sign-in name “{value}” is invalid (letters, digits and . _ @ - only; at most 64)',
  },
  'roster.bad-phone': {
    zh: '电话“{value}”格式不正确(手机号如 13900000001,座机如 010-12345678)',
    en: 'Phone “{value}” is malformed (a mobile such as 13900000001 or a landline such as 010-12345678)',
  },
  'roster.bad-email': {
    zh: '电子邮箱“{value}”格式不正确(如 name@example.gov.cn)',
    en: 'E-mail “{value}” is malformed (such as name@example.gov.cn)',
  },
  'roster.login-duplicate': {
    zh: '登录名“{value}”重复出现,另见 {others};每人的登录名须唯一',
    en: 'Sign-in name “{value}” appears twice, also at {others}; each person’s sign-in name must be unique',
  },
  'roster.login-other-role': {
    zh: '登录名“{value}”同时用于另一角色,见 {others};一个登录名只能对应一个人',
    en: 'Sign-in name “{value}” is also another role’s, at {others}; a sign-in name is one person',
  },
  'roster.contact-shared': {
    zh: '“{value}”与 {other} 相同;若本区按此项绑定登录账号,这两人都无法绑定',
    en: '“{value}” is the same as at {other}; if the district binds sign-ins by it, neither person can be bound',
  },
  'roster.login-moved': {
    zh: '登录名“{value}”在人员名录中已属于 {ref};花名册不能改变一个人的角色或所属,请换一个登录名,或由管理员在人员名录中修改',
    en: 'Sign-in name “{value}” already belongs to {ref} in the people directory; a roster cannot move a person: use another sign-in name, or have an admin change the directory',
  },
  'roster.bad-role': {
    zh: '角色“{value}”无效(admin、assessor 或 unit)',
    en: 'Role “{value}” is invalid (admin, assessor or unit)',
  },
  'roster.admin-ref': {
    zh: '管理员不属于某个测评员编号或单位编号(此处为“{value}”),请留空',
    en: 'An admin acts as no assessor or unit (here “{value}”); leave it blank',
  },
  'roster.empty': { zh: '花名册没有任何单位', en: 'The roster lists no units' },
  'roster.sheet-missing': { zh: '花名册缺少工作表“{expected}”', en: 'The roster has no sheet “{expected}”' },
  // uploads
  'upload.unknown': {
    zh: '此文件不是通过 cepin 申请的上传(没有上传记录),未处理',
    en: 'This file was not uploaded through cepin (no upload record) and was not processed',
  },
  'upload.round-unknown': { zh: '测评轮次 {round} 不存在', en: 'Round {round} does not exist' },
  'upload.wrong-rules': {
    zh: '本轮使用细则 {expected},而此表基于 {found};请下载本轮的模板',
    en: 'This round uses rule set {expected} but the sheet was made from {found}; download this round’s template',
  },
  'upload.phase-closed': {
    zh: '“{phase}”阶段当前不接收上传(状态:{state})',
    en: 'The {phase} phase is not accepting uploads (state: {state})',
  },
  'upload.unit-unknown': {
    zh: '单位 {unit} 不在本轮{phase}名单中',
    en: 'Unit {unit} is not on this round’s list for {phase}',
  },
  'upload.assessor-unknown': {
    zh: '测评员“{assessor}”不在本轮名单中',
    en: 'Assessor “{assessor}” is not on this round’s roster',
  },
  'upload.not-assigned': {
    zh: '测评员 {assessor} 未被分配{phase}单位 {unit}',
    en: 'Assessor {assessor} is not assigned to {unit} for {phase}',
  },
  'upload.impersonation': {
    zh: '表中的身份({found})与上传者({caller})不一致,已拒收',
    en: 'The sheet names {found} but was uploaded by {caller}; refused',
  },
  'upload.role': { zh: '{role} 不能上传{phase}评分表', en: 'A {role} cannot upload {phase} sheets' },
  'upload.too-late': { zh: '上传记录已失效', en: 'The upload slot has expired' },
  // evidence files (佐证材料, docs/security.md "Evidence files"): judged from the bytes, never the name
  'evidence.empty': { zh: '“{file}”是空文件', en: '“{file}” is empty' },
  'evidence.too-large': {
    zh: '“{file}”过大({size} 字节);每份佐证材料最多 {max} 字节',
    en: '“{file}” is too large ({size} bytes); an evidence file may be at most {max} bytes',
  },
  'evidence.unit-full': {
    zh: '“{file}”({size} 字节)放不下:该单位本轮的佐证材料已有 {used} 字节,合计最多 {max} 字节',
    en: '“{file}” ({size} bytes) does not fit: the unit already has {used} bytes of evidence in this round, at most {max} in all',
  },
  'evidence.executable': {
    zh: '“{file}”是可执行程序或脚本({what}),不能作为佐证材料;请上传 PDF、图片或文档',
    en: '“{file}” is a program or script ({what}) and cannot be evidence; upload a PDF, a picture or a document',
  },
  'evidence.macro': {
    zh: '“{file}”是含宏的 Office 文档({what}),不予接收;请另存为 .docx/.xlsx/.pptx(不含宏)或 PDF 后再上传',
    en: '“{file}” is an Office document with macros ({what}) and is refused; save it as .docx/.xlsx/.pptx (without macros) or PDF and upload it again',
  },
  'evidence.legacy-office': {
    zh: '“{file}”是旧版 Office 文件(.doc/.xls/.ppt,可能含宏)或加密的文档,不予接收;请另存为 .docx/.xlsx/.pptx 或 PDF 后再上传',
    en: '“{file}” is an old Office file (.doc/.xls/.ppt, which may hold macros) or an encrypted document and is refused; save it as .docx/.xlsx/.pptx or PDF and upload it again',
  },
  'evidence.embedded-object': {
    zh: '“{file}”内嵌了 OLE 对象或 ActiveX 控件({part}),可能携带程序,不予接收;请另存为 PDF 后再上传',
    en: '“{file}” embeds an OLE object or ActiveX control ({part}) that may carry a program and is refused; save it as PDF and upload it again',
  },
  'evidence.archive': {
    zh: '“{file}”是压缩包({what}),不予接收;请解压后逐个上传其中的文件',
    en: '“{file}” is an archive ({what}) and is refused; unpack it and upload the files one by one',
  },
  'evidence.text-encoding': {
    zh: '“{file}”是文本文件,但不是 UTF-8 编码(可能是 GBK);请另存为 UTF-8 编码或 PDF 后再上传',
    en: '“{file}” is text but not in UTF-8 (GBK, perhaps); save it as UTF-8 text or PDF and upload it again',
  },
  'evidence.unknown-type': {
    zh: '无法识别“{file}”的文件类型;佐证材料只接受 PDF、JPEG/PNG/GIF/WebP 图片、UTF-8 纯文本和 .docx/.xlsx/.pptx 文档',
    en: 'The kind of “{file}” is not recognised; evidence may be PDF, JPEG/PNG/GIF/WebP pictures, UTF-8 plain text and .docx/.xlsx/.pptx documents',
  },
  'evidence.corrupt': {
    zh: '“{file}”已损坏,无法读取({detail});请用原来的程序重新保存后再上传',
    en: '“{file}” is damaged and cannot be read ({detail}); save it again in the program that made it and upload it again',
  },
  'evidence.zip-bomb': {
    zh: '“{file}”疑为“压缩炸弹”:内部文件 {part} 解压后 {size} 字节,超过允许的 {max} 字节,已拒收',
    en: '“{file}” looks like a zip bomb: its part {part} unpacks to {size} bytes, more than the {max} allowed; refused',
  },
  // reconciliation sheets (合议表)
  'recon.reason-missing': {
    zh: '填写了合议得分或否决项结论,但未填写合议理由',
    en: 'An agreed score or veto decision needs a reason',
  },
  'recon.not-lead': {
    zh: '只有该单位本阶段测评组的组长(或管理员)可以上传合议表;上传者为 {caller}',
    en: 'Only the lead of this unit’s panel for this phase (or an admin) may upload its reconciliation sheet; uploaded by {caller}',
  },
  'recon.phase-not-reconcilable': {
    zh: '“{phase}”阶段没有测评组合议;只有预检和正式测评可以上传合议表',
    en: 'The {phase} phase has no panel to reconcile; only pre-check and formal reconciliation sheets are accepted',
  },
  'recon.stale': {
    zh: '此合议表生成之后,{unit} 的评分表有变动(重传或新增),合议表已过期;请重新下载合议表,按最新评分合议后再上传',
    en: 'The sheets of {unit} changed (resent or added) after this reconciliation sheet was made, so it is out of date; download it again and reconcile the current scores',
  },
  'recon.phase-state': {
    zh: '“{phase}”阶段当前不接收合议表(状态:{state});合议表只在截止评分之后、阶段结束之前接收',
    en: 'The {phase} phase is not accepting reconciliation sheets (state: {state}); they are accepted only after scoring closes and before the phase closes',
  },
  'recon.item-not-flagged': {
    zh: '项目 {item} 不在生成合议表时列出的合议项中,不能在此合议',
    en: 'Item {item} was not flagged when this reconciliation sheet was made and cannot be agreed on it',
  },
  'recon.veto-undecided': {
    zh: '此项否决项判断不一致,必须选择“确认”或“推翻”并填写理由',
    en: 'The assessors disagree on this veto: choose Confirm or Overturn, with a reason',
  },
  'recon.veto-decision-invalid': {
    zh: '否决项结论“{value}”无效,请选择:{choices}',
    en: 'Veto decision “{value}” is not valid; choose {choices}',
  },
  'recon.compliance-choice': {
    zh: '这是符合性评分项,合议结论只能是“符合”({max} 分)或“不符合”(0 分),不能是“{value}”',
    en: 'This is a compliance item: the agreed result is Met (scored {max}) or Not met (scored 0), not “{value}”',
  },
  'recon.veto-answers': { zh: '判定“是”的测评员:{who}', en: 'Answered yes: {who}' },
  'recon.veto-not-disputed': {
    zh: '此项没有否决项分歧,不需要否决项结论(填写了“{value}”);请清空该单元格',
    en: 'This item has no veto disagreement, so it takes no veto decision (found “{value}”); clear the cell',
  },
  'recon.wrong-round': {
    zh: '此合议表属于测评轮次 {found},不是 {round}',
    en: 'This reconciliation sheet belongs to round {found}, not {round}',
  },
  'recon.unit-unknown': {
    zh: '合议表中的单位 {unit} 不在本轮名单中',
    en: 'Unit {unit} of the reconciliation sheet is not in this round',
  },
  'recon.trimmed-fallback': {
    zh: '去掉最高分和最低分的平均需要至少 {min} 名测评员;本单位 {n} 名,改用算术平均',
    en: 'The trimmed mean needs at least {min} assessors; {n} scored, so the mean was used',
  },
  'recon.trimmed-item-fallback': {
    zh: '以下项目评分少于 {min} 个,改用算术平均:{items}',
    en: 'Items with fewer than {min} scores used the mean: {items}',
  },
  // the same, said once for a whole round (the 说明 sheet, results)
  'recon.round-trimmed': {
    zh: '{count} 个单位有至少 {min} 名测评员,按此方法合议',
    en: '{count} units had at least {min} assessors and were reconciled so',
  },
  'recon.round-fallback': {
    zh: '{count} 个单位测评员少于 {min} 名,改用算术平均:{units}',
    en: '{count} units had fewer than {min} assessors and used the mean: {units}',
  },
  'recon.round-item-fallback': {
    zh: '以下项目评分少于 {min} 个,改用算术平均:{items}',
    en: 'Items with fewer than {min} scores used the mean: {items}',
  },
  // rectification workbooks (整改通知书 and the unit's answer)
  'rect.meta-edited': {
    zh: '隐藏信息表“_cepin_zg”被修改({field});请下载原始的整改通知书工作簿重新填写',
    en: 'The hidden “_cepin_zg” sheet was edited ({field}); download the original rectification workbook and fill it in again',
  },
  'rect.sheet-missing': {
    zh: '找不到整改表“{expected}”;请勿删除或改名',
    en: 'The rectification sheet “{expected}” is missing; do not delete or rename it',
  },
  'rect.row-mismatch': {
    zh: '第 {row} 行应为项目 {expected},实际为“{found}”;表格行被插入、删除、调换或编号被改动,请使用原始工作簿重新填写',
    en: 'Row {row} should hold item {expected} but holds “{found}”; rows were inserted, deleted or reordered, or a code was changed. Fill in the original workbook',
  },
  'rect.row-extra': {
    zh: '第 {row} 行不是整改通知书列出的项目,不能在此填写;请清空该行',
    en: 'Row {row} is not an item of the rectification notice and takes no answer; clear the row',
  },
  'rect.status-missing': {
    zh: '未填写整改情况(请选择“已整改”“部分整改”或“未整改”)',
    en: 'The status is not filled in (choose Fixed, Partly fixed or Not fixed)',
  },
  'rect.status-unknown': {
    zh: '整改情况“{value}”无效,请选择:{choices}',
    en: 'Status “{value}” is not valid; choose {choices}',
  },
  'rect.done-missing': {
    zh: '已整改或部分整改的项目须填写整改措施',
    en: 'An item fixed or partly fixed needs what was done',
  },
  'rect.text-too-long': {
    zh: '内容过长({length} 个字符,上限 {max});请精简,详细材料可作为佐证材料上传',
    en: 'The text is too long ({length} characters, limit {max}); shorten it and upload details as evidence',
  },
  // why an item went to panel discussion (results.ts FlagReason), in the workbook and the 合议表
  'flag.spread': { zh: '分差超过 {percent}%', en: 'scores spread over {percent}%' },
  'flag.key-disagreement': { zh: '关键项评分不一致', en: 'key item scored differently' },
  'flag.veto-item-disagreement': {
    zh: '否决项所在项目评分不一致',
    en: 'item with a veto condition scored differently',
  },
  'flag.veto-disagreement': {
    zh: '否决项判断不一致(有测评员判定“是”)',
    en: 'veto condition judged differently (some assessors answered yes)',
  },
  'flag.na-disagreement': {
    zh: '是否适用判断不一致(部分测评员标为不适用)',
    en: 'applicability judged differently (some assessors marked N/A)',
  },
  // Signing in to the district's Cognito user pool (portal and CLI)
  'signin.totp-wrong': {
    zh: '验证码不正确:请输入身份验证器应用此刻显示的 6 位数字,再试一次',
    en: 'That code is wrong: type the 6 digits your authenticator app shows now and try again',
  },
  'signin.step-expired': {
    zh: '这一步登录已超时或已用过:请重新输入用户名和密码',
    en: 'This sign-in step has timed out or was already used: sign in again with your user name and password',
  },
  'signin.refresh-failed': {
    zh: '登录已过期,请重新登录',
    en: 'Your sign-in has expired: sign in again',
  },
  'signin.unsupported-step': {
    zh: '登录需要 cepin 不支持的步骤:{step}',
    en: 'Sign-in needs a step cepin does not support: {step}',
  },
  // API
  'api.unauthorized': { zh: '未登录或登录已失效', en: 'Not signed in, or the sign-in has expired' },
  'api.forbidden': { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'api.wrong-district': {
    zh: '此账号属于其他区({district})',
    en: 'This account belongs to another district ({district})',
  },
  'api.person-unknown': {
    zh: '人员名录中没有与您的登录账号({claim}:{value})对应的人员,请联系本区档案局将您加入人员名录',
    en: 'Nobody in the people directory matches your sign-in ({claim}: {value}); ask the district’s archives bureau to add you to the people directory',
  },
  'api.person-ambiguous': {
    zh: '人员名录中有 {count} 人与您的登录账号({claim}:{value})相符,无法确定您是谁,请联系本区档案局更正人员名录',
    en: '{count} people in the people directory match your sign-in ({claim}: {value}), so cepin cannot tell who you are; ask the district’s archives bureau to correct the directory',
  },
  'api.person-disabled': {
    zh: '您在人员名录中的账号({login})已停用,请联系本区档案局',
    en: 'Your entry in the people directory ({login}) is disabled; contact the district’s archives bureau',
  },
  'api.person-self': {
    zh: '管理员不能停用自己的账号',
    en: 'An admin cannot disable their own entry',
  },
  'api.person-invalid': {
    zh: '人员信息有 {count} 处错误',
    en: 'The person has {count} errors',
  },
  'api.accounts-unavailable': {
    zh: '本区县没有可管理的登录账号(未配置 Cognito 用户池或本地登录服务)',
    en: 'This district has no sign-in accounts cepin manages (no Cognito user pool or local sign-in service)',
  },
  'api.not-found': { zh: '找不到 {what}', en: '{what} was not found' },
  'api.bad-request': { zh: '请求有误:{detail}', en: 'Bad request: {detail}' },
  'api.round-exists': { zh: '测评轮次 {round} 已存在', en: 'Round {round} already exists' },
  'api.roster-invalid': { zh: '花名册有 {count} 处错误', en: 'The roster has {count} errors' },
  'api.calibration-round': {
    zh: '{round} 是校准轮次:它只有参考案例的校准报告,没有单位的结果、排名、汇总表或反馈',
    en: '{round} is a calibration round: it has a calibration report on its reference cases, no results, rankings, workbook or feedback of units',
  },
  'api.not-calibration': {
    zh: '{round} 不是校准轮次,没有校准报告',
    en: '{round} is not a calibration round and has no calibration report',
  },
  'api.calibration-open': {
    zh: '校准轮次 {round} 的评分尚未截止(当前:{state}),先截止评分再发布报告',
    en: 'Scoring of calibration round {round} is not closed yet ({state}); close scoring before releasing the report',
  },
  'api.rectification-not-issued': {
    zh: '{unit} 的整改通知书尚未下发:预检阶段关闭并由管理员设定整改期限后才可查看(当前预检:{state},期限:{deadline})',
    en: 'The rectification notice of {unit} is not issued yet: it is once the pre-check is closed and an admin has set the deadline (pre-check: {state}, deadline: {deadline})',
  },
  'api.rectification-closed': {
    zh: '{round} 的正式测评已关闭,不能再更改整改期限',
    en: 'The formal assessment of {round} is closed; the rectification deadline can no longer change',
  },
  'api.rectification-date': {
    zh: '整改期限“{deadline}”不是有效日期,请写成 YYYY-MM-DD(如 2026-05-10)',
    en: 'The rectification deadline “{deadline}” is not a valid date; write it YYYY-MM-DD (e.g. 2026-05-10)',
  },
  'rect.wrong-round': {
    zh: '这份整改回复是测评轮次 {found} 的,不是 {round} 的;请在本轮下载整改通知书工作簿',
    en: 'This rectification answer belongs to round {found}, not {round}; download the notice workbook of this round',
  },
  'rect.not-issued': {
    zh: '{unit} 的整改通知书尚未下发(预检阶段关闭并设定整改期限后下发),暂不接收整改回复',
    en: 'The rectification notice of {unit} is not issued yet (it is once the pre-check is closed and a deadline set); no answer is taken before',
  },
  'rect.round-closed': {
    zh: '{round} 的正式测评已关闭,不再接收整改回复',
    en: 'The formal assessment of {round} is closed; rectification answers are no longer taken',
  },
  'rect.stale': {
    zh: '整改通知书的项目已变化(现为 {now}),这份工作簿是按 {found} 生成的;请重新下载整改通知书工作簿并填写',
    en: 'The items of the notice have changed (now {now}); this workbook was made for {found}. Download the notice workbook again and fill it in',
  },
  'self.evidence-unknown': {
    zh: '见证材料“{file}”不在本单位已上传的佐证材料中;如是文件,请在“佐证材料”中上传同名文件',
    en: 'Evidence “{file}” is not among the unit’s uploaded evidence files; if it is a file, upload it under Evidence with that name',
  },
  'rect.evidence-unknown': {
    zh: '佐证材料“{file}”不在本单位已上传的佐证材料中;请在“佐证材料”中上传同名文件',
    en: 'Evidence file “{file}” is not among the unit’s uploaded evidence files; upload a file of that name under Evidence',
  },
  'rect.late': {
    zh: '整改回复在期限 {deadline} 之后收到,已接收并标注为逾期',
    en: 'The rectification answer arrived after the deadline {deadline}; it is accepted and marked late',
  },
  'api.calibration-case-clash': {
    zh: '参考案例编号 {codes} 与花名册中的单位或测评员编号相同;请另起编号(如 CASE1),以免真实单位的评分表被当作案例',
    en: 'Case codes {codes} are codes of units or assessors in the roster; give the cases their own codes (e.g. CASE1) so that no real unit’s sheet can stand for a case',
  },
  'api.calibration-cases': {
    zh: '校准轮次需要 1–20 个参考案例,编号各不相同且不能是 KEY(收到 {count} 个);评估轮次不带参考案例',
    en: 'A calibration round needs 1–20 reference cases with distinct codes other than KEY (got {count}); an assessment round takes none',
  },
  'upload.calibration-case': {
    zh: '这份评分表是“{unit}”的,而 {round} 是校准轮次,只收参考案例({cases})的评分表。请下载本轮案例的评分模板',
    en: 'This sheet is for “{unit}”, but {round} is a calibration round that takes sheets of its reference cases only ({cases}). Download the template of a case of this round',
  },
  'api.rubric-unknown': {
    zh: '本区没有细则 {id}。已有:{available}。可在“细则”页上传细则工作簿',
    en: 'The district has no rubric {id}. Stored: {available}. Upload a rubric workbook on the Rubrics tab',
  },
  // stored rubric versions (uploads of rubric workbooks)
  'rubric.admin-only': {
    zh: '只有管理员可以上传细则工作簿',
    en: 'Only an administrator can upload a rubric workbook',
  },
  'rubric.too-large': {
    zh: '细则内容过大({size} 字节,最多 {max} 字节);请精简评分说明等长文字,或拆成基础细则和本区细化',
    en: 'The rubric is too large ({size} bytes, at most {max}); shorten long texts such as the guidance, or split it into a base rubric and a district refinement',
  },
  'rubric.version-taken': {
    zh: '细则 {id} 的第 {version} 版已存在且内容不同;已存的版本不能修改。请把版本改为 {next}(或留空,自动编为下一版)',
    en: 'Rubric {id} version {version} is stored already with other content, and stored versions never change. Write {next} as the version (or leave it blank for the next one)',
  },
  'upload.is-rubric': {
    zh: '这是一份细则工作簿,不是评分表。细则请在“细则”页或用 cepin rules upload 上传;评分请下载本轮评分模板填写',
    en: "This is a rubric workbook, not a score sheet. Upload rubrics on the Rubrics tab or with cepin rules upload; to score, download this round's template",
  },
  'api.phase-transition': {
    zh: '“{phase}”阶段不能从“{from}”变为“{to}”',
    en: 'The {phase} phase cannot go from {from} to {to}',
  },
  'api.phase-reopen-blind': {
    zh: '“{phase}”阶段已截止评分,测评组已看到彼此的评分,不能重新开放(否则背靠背评分失效);如确需补交评分表,请由管理员以“补交”方式上传并填写理由',
    en: 'Scoring of the {phase} phase is closed and the panel has seen each other’s scores, so it cannot reopen (blind scoring would be undone); for a late sheet, an admin uploads it as a late sheet with a reason',
  },
  'api.phase-changed': {
    zh: '“{phase}”阶段的状态已被他人更改(原为“{from}”),请刷新后重试',
    en: 'Someone else changed the {phase} phase meanwhile (it was {from}); reload and try again',
  },
  'api.upload-too-large': {
    zh: '文件过大({size} 字节);评分表和合议表每份最多 {max} 字节',
    en: 'The file is too large ({size} bytes); score sheets and reconciliation sheets may be at most {max} bytes',
  },
  'api.evidence-too-large': {
    zh: '文件过大({size} 字节);每份佐证材料最多 {max} 字节',
    en: 'The file is too large ({size} bytes); an evidence file may be at most {max} bytes',
  },
  'api.evidence-unit-full': {
    zh: '单位 {unit} 本轮的佐证材料已有 {used} 字节,加上此文件({size} 字节)将超过合计上限 {max} 字节',
    en: 'Unit {unit} already has {used} bytes of evidence in this round; this file ({size} bytes) would pass the limit of {max} bytes in all',
  },
  'api.evidence-unit': {
    zh: '单位 {unit} 不在测评轮次 {round} 的名单中',
    en: 'Unit {unit} is not on the roster of round {round}',
  },
  'api.evidence-item': {
    zh: '“{item}”不是测评轮次 {round} 所用细则({rules})中的评分项;佐证材料只能挂在末级评分项上,或不指定评分项',
    en: '“{item}” is not a scored item of the rubric ({rules}) of round {round}; evidence goes with a scored item, or with no item',
  },
  'api.busy': { zh: '服务繁忙,请稍后重试', en: 'The service is busy; try again shortly' },
  'api.internal': { zh: '服务器内部错误,请稍后再试', en: 'Internal error; try again later' },
  // the local gateway (cepin serve): what a web page in the browser must not reach
  'local.foreign-host': {
    zh: '本地服务只接受发给 {allowed} 的请求,已拒绝主机名“{host}”(防止 DNS 重绑定)',
    en: 'The local service answers only requests for {allowed}; the host “{host}” was refused (DNS rebinding protection)',
  },
  'local.foreign-origin': {
    zh: '本地服务不接受其他网页({origin})发来的请求;请直接打开 {allowed}',
    en: 'The local service refuses requests from another web page ({origin}); open {allowed} directly',
  },
  'local.not-loopback': {
    zh: '本地登录只对本机上的程序开放',
    en: 'The local sign-in is open only to programs on this machine',
  },
  // the local OpenID Connect provider's sign-in pages (cepin serve --identity oidc)
  'local.oidc-wrong-password': {
    zh: '登录名或密码不正确',
    en: 'The sign-in name or the password is not right',
  },
  'local.oidc-disabled': {
    zh: '此账号已停用,请联系区级管理员',
    en: 'This account is disabled; ask the district admin',
  },
  'local.oidc-password-short': {
    zh: '新密码至少 8 个字符',
    en: 'The new password needs at least 8 characters',
  },
  'local.oidc-password-mismatch': {
    zh: '两次输入的新密码不一致',
    en: 'The two new passwords differ',
  },
  'local.oidc-password-same': {
    zh: '新密码不能与临时密码相同',
    en: 'The new password must differ from the temporary one',
  },
  'local.oidc-session-expired': {
    zh: '登录页面已过期或不是从本系统打开的,请回到门户或命令行重新登录',
    en: 'This sign-in page has expired or was not opened by cepin; sign in again from the portal or the command line',
  },
  'local.oidc-device-code': {
    zh: '代码“{code}”不正确、已过期或已使用,请核对命令行显示的代码',
    en: 'The code “{code}” is wrong, expired or used; check the code the command line shows',
  },
  // command line
  'cli.valid': { zh: '✔ 有效', en: '✔ Valid' },
  'cli.invalid': { zh: '✘ 有错误,未通过', en: '✘ Has errors, not accepted' },
  'cli.sheet-line': {
    zh: '细则 {ruleSet} 第 {version} 版({fingerprint})· {phase} · 单位 {unit} · 测评员 {assessor}',
    en: 'Rule set {ruleSet} v{version} ({fingerprint}) · {phase} · unit {unit} · assessor {assessor}',
  },
  'cli.total': {
    zh: '总分 {total} / {max}(原始 {raw} / 适用 {applicable})',
    en: 'Total {total} / {max} (raw {raw} of {applicable} applicable)',
  },
  'cli.grade': { zh: '等级:{grade}', en: 'Grade: {grade}' },
  'cli.grade-pending': { zh: '等级:待定(缺少抽查结果)', en: 'Grade: pending (spot-check results missing)' },
  'cli.categories': { zh: '分类得分', en: 'Categories' },
  'cli.losses': { zh: '失分项目', en: 'Point-loss items' },
  'cli.none': { zh: '无', en: 'none' },
  'cli.issues': { zh: '问题({count})', en: 'Issues ({count})' },
  'cli.na': { zh: '不适用', en: 'N/A' },
  'cli.written': { zh: '已写入 {file}', en: 'Wrote {file}' },
  'cli.cannot-read': { zh: '无法读取文件 {file}:{detail}', en: 'Cannot read {file}: {detail}' },
  'cli.rules-ok': {
    zh: '✔ 细则 {id} 第 {version} 版有效:{leaves} 个评分项,满分 {scale},指纹 {fingerprint}',
    en: '✔ Rule set {id} v{version} is valid: {leaves} scored items, {scale} points, fingerprint {fingerprint}',
  },
  'cli.rules-bad': { zh: '✘ 细则有 {count} 处错误', en: '✘ The rule set has {count} errors' },
  'cli.rubric-version-blank': {
    zh: '工作簿的“版本”未填写,已按第 1 版写入;上传时会取下一个可用的版本号',
    en: 'The workbook leaves Version blank, so version 1 was written; an upload takes the next free version',
  },
  'cli.rules-unknown': {
    zh: '找不到细则 {id};可用:{available}',
    en: 'No rule set {id}; available: {available}',
  },
  // calibration rounds (calibration.ts): the report's notes, then words for its workbook, document and view
  'calibration.no-assessors': {
    zh: '还没有测评员为校准案例评分:无法计算偏差、离散度和一致性',
    en: 'No assessor has scored the calibration cases yet: deviations, spread and agreement cannot be computed',
  },
  'calibration.one-assessor': {
    zh: '只有一名测评员({assessor})评分:无法计算评分项的离散度和测评员之间的一致性',
    en: 'Only one assessor ({assessor}) scored: the spread of items and the agreement between assessors cannot be computed',
  },
  'calibration.median-key': {
    zh: '案例 {case} 没有标准答案,以全体测评员各项得分的中位数作为参照',
    en: 'Case {case} has no answer key: the panel median of each item serves as the key',
  },
  'calibration.case-unscored': { zh: '案例 {case} 无人评分', en: 'Nobody scored case {case}' },
  'calibration.unknown-case': {
    zh: '{assessor} 的评分表所属案例 {case} 不在本次校准中,未计入',
    en: 'The sheet of {assessor} is for case {case}, which is not in this calibration; it is left out',
  },
  'calibration.duplicate-sheet': {
    zh: '{assessor} 对案例 {case} 有多份评分表,只计最后一份',
    en: '{assessor} has more than one sheet for case {case}; only the last one counts',
  },
  'calibration.agreement-undefined': {
    zh: '无法计算 {measure}:评分没有差异,或能配对的评分不足',
    en: '{measure} cannot be computed: the scores do not vary, or too few of them pair up',
  },
  'calibration.compare-rubric-differs': {
    zh: '两次校准所用细则不同(前:{before};后:{after}),对比仅供参考',
    en: 'The two calibrations use different rubrics (before: {before}; after: {after}); compare with care',
  },
  'calibration.compare-cases-differ': {
    zh: '两次校准的案例不同(前:{before};后:{after}),对比仅供参考',
    en: 'The two calibrations have different cases (before: {before}; after: {after}); compare with care',
  },
  'calibration.key-sheet': { zh: '标准答案', en: 'Answer key' },
  'calibration.key-median': { zh: '全体中位数', en: 'Panel median' },
  'calibration.key-none': { zh: '无参照', en: 'No key' },
  'calibration.judgement-veto': { zh: '一票否决判断不同', en: 'Veto judged differently' },
  'calibration.judgement-na': { zh: '不适用判断不同', en: 'N/A judged differently' },
  'calibration.judgement-met': { zh: '符合/不符合判断不同', en: 'Met / not met judged differently' },
  'calibration.verdict-narrower': { zh: '离散度缩小', en: 'Narrower' },
  'calibration.verdict-wider': { zh: '离散度扩大', en: 'Wider' },
  'calibration.verdict-same': { zh: '基本不变', en: 'About the same' },
  'calibration.verdict-closer': { zh: '更接近参照', en: 'Closer to the key' },
  'calibration.verdict-further': { zh: '更偏离参照', en: 'Further from the key' },
  'calibration.about-deviation': {
    zh: '偏差 = 测评员得分 − 参照得分(有标准答案用标准答案,否则用全体中位数),只比较双方都评了分的项目。宽严度为偏差的平均值(正为偏宽、负为偏严),平均绝对偏差为偏差绝对值的平均值;均以分计,并按该项分值折算为比例',
    en: 'Deviation = the assessor’s score − the key’s (the answer key, or else the panel median), over items both scored. Leniency is the mean deviation (positive: lenient, negative: severe), the mean absolute deviation the mean of its absolute value; both in points, and as a share of the item’s points',
  },
  'calibration.about-spread': {
    zh: '离散度:每个案例中各测评员对该项得分的总体标准差,再对各案例取平均(以分计);极差为各案例中最高分与最低分之差的最大值。吻合比例为得分与参照相差不超过 0.001 的评分表所占比例',
    en: 'Spread: the population standard deviation of the assessors’ scores of the item in each case, averaged over the cases (points); the range is the widest gap between the highest and lowest score in a case. Matched: the share of sheets whose score is within 0.001 of the key’s',
  },
  'calibration.about-agreement': {
    zh: 'Krippendorff’s alpha(等距)以“案例×评分项”为分析单元、测评员为评分者;ICC(2,1) 衡量绝对一致(视测评员为随机抽取),ICC(3,1) 衡量相对一致,仅用全体测评员都评了分的项目。得分均按该项分值折算为得分率;不适用或未评分按缺失处理',
    en: 'Krippendorff’s alpha (interval) takes (case, item) pairs as units and the assessors as coders; ICC(2,1) measures absolute agreement (the assessors a random sample), ICC(3,1) consistency, over the items every assessor scored. Scores are shares of the item’s points; N/A and blanks are missing values',
  },
  // calibration report: the words of its workbook (excel/calibration-workbook*.ts) and training document (documents/calibration-docx.ts)
  'calibration.title': { zh: '校准报告', en: 'Calibration report' },
  'calibration.sheet-about': { zh: '说明', en: 'About' },
  'calibration.sheet-assessors': { zh: '测评员', en: 'Assessors' },
  'calibration.sheet-items': { zh: '评分项', en: 'Items' },
  'calibration.sheet-cases': { zh: '案例', en: 'Cases' },
  'calibration.sheet-compare': { zh: '前后对比', en: 'Before-after' },
  'calibration.field': { zh: '项目', en: 'Field' },
  'calibration.content': { zh: '内容', en: 'Value' },
  'calibration.district': { zh: '区名称', en: 'District' },
  'calibration.round': { zh: '校准轮次', en: 'Calibration round' },
  'calibration.rubric': { zh: '测评细则', en: 'Rubric' },
  'calibration.rubric-title': { zh: '细则名称', en: 'Rubric title' },
  'calibration.rubric-version': { zh: '细则版本', en: 'Rubric version' },
  'calibration.fingerprint': { zh: '细则指纹', en: 'Rubric fingerprint' },
  'calibration.generated': { zh: '生成时间', en: 'Generated at' },
  'calibration.assessor-count': { zh: '测评员人数', en: 'Assessors' },
  'calibration.case-count': { zh: '案例数', en: 'Cases' },
  'calibration.key-id': { zh: '标准答案的测评员编号', en: 'Answer key’s assessor id' },
  'calibration.compared-with': { zh: '对比的校准轮次', en: 'Compared with' },
  'calibration.section-cases': { zh: '参考案例', en: 'Reference cases' },
  'calibration.section-agreement': { zh: '总体一致性', en: 'Overall agreement' },
  'calibration.section-method': { zh: '计算方法', en: 'Method' },
  'calibration.section-notes': { zh: '注意', en: 'Notes' },
  'calibration.none': { zh: '无', en: 'None' },
  'calibration.col-case': { zh: '案例', en: 'Case' },
  'calibration.col-case-title': { zh: '案例名称', en: 'Case title' },
  'calibration.col-key': { zh: '参照', en: 'Key' },
  'calibration.col-scored-by': { zh: '评分测评员数', en: 'Assessors who scored' },
  'calibration.col-key-total': { zh: '参照总分', en: 'Key total' },
  'calibration.col-description': { zh: '案例说明', en: 'Description' },
  'calibration.col-coefficient': { zh: '一致性系数', en: 'Coefficient' },
  'calibration.col-value': { zh: '数值', en: 'Value' },
  'calibration.col-counted': { zh: '参与计算', en: 'Counted' },
  'calibration.col-reading': { zh: '含义', en: 'What it means' },
  'calibration.alpha-units': { zh: '{n} 个“案例×评分项”', en: '{n} (case, item) pairs' },
  'calibration.icc-items': {
    zh: '{n} 个全员评分的“案例×评分项”',
    en: '{n} (case, item) pairs every assessor scored',
  },
  'calibration.what-alpha': {
    zh: '同一案例同一评分项上各测评员给分的一致程度(1 为完全一致,0 相当于随意给分)',
    en: 'How alike the assessors score the same item of the same case (1: all alike, 0: no better than chance)',
  },
  'calibration.what-icc21': {
    zh: '绝对一致:测评员给的分是否相同(以此为准)',
    en: 'Absolute agreement: do the assessors give the same points (the one to read)',
  },
  'calibration.what-icc31': {
    zh: '相对一致:测评员对各项高低的判断是否一致,不计整体偏宽偏严',
    en: 'Consistency: do the assessors rank the items alike, leaving aside who is harsher overall',
  },
  'calibration.band-alpha-good': {
    zh: '一致性良好,测评员对细则的理解基本统一(alpha ≥ 0.80)',
    en: 'good agreement: the assessors read the rubric alike (alpha ≥ 0.80)',
  },
  'calibration.band-alpha-fair': {
    zh: '一致性尚可,部分评分项理解不一,宜有针对性地培训(0.667 ≤ alpha < 0.80)',
    en: 'fair agreement: some items are read differently and need training (0.667 ≤ alpha < 0.80)',
  },
  'calibration.band-alpha-poor': {
    zh: '一致性不足,测评员对细则的理解差异较大,正式测评前需统一尺度(alpha < 0.667)',
    en: 'poor agreement: the assessors read the rubric differently; align them before the real round (alpha < 0.667)',
  },
  'calibration.band-icc-excellent': { zh: '极好(≥ 0.90)', en: 'excellent (≥ 0.90)' },
  'calibration.band-icc-good': { zh: '良好(0.75–0.90)', en: 'good (0.75–0.90)' },
  'calibration.band-icc-moderate': { zh: '一般(0.50–0.75)', en: 'moderate (0.50–0.75)' },
  'calibration.band-icc-poor': { zh: '较差(< 0.50)', en: 'poor (< 0.50)' },
  'calibration.band-none': { zh: '无法计算(见“注意”)', en: 'cannot be computed (see Notes)' },
  'calibration.col-assessor': { zh: '测评员编号', en: 'Assessor' },
  'calibration.col-sheets': { zh: '评分表数', en: 'Sheets' },
  'calibration.col-items': { zh: '比较项数', en: 'Items compared' },
  'calibration.col-leniency': { zh: '宽严度(分)', en: 'Leniency (points)' },
  'calibration.col-leniency-share': { zh: '宽严度(占分值)', en: 'Leniency (% of points)' },
  'calibration.col-mad': { zh: '平均绝对偏差(分)', en: 'MAD (points)' },
  'calibration.col-mad-share': { zh: '平均绝对偏差(占分值)', en: 'MAD (% of points)' },
  'calibration.col-leaning': { zh: '倾向', en: 'Leaning' },
  'calibration.lenient': { zh: '偏宽', en: 'Lenient' },
  'calibration.severe': { zh: '偏严', en: 'Severe' },
  'calibration.neutral': { zh: '适中', en: 'Neutral' },
  'calibration.col-case-deviation': { zh: '{case} 总分偏差', en: '{case} total deviation' },
  'calibration.col-furthest': { zh: '偏离最大的项目', en: 'Items furthest off' },
  'calibration.col-judgements': { zh: '判断不同', en: 'Judgements that differ' },
  'calibration.furthest-line': {
    zh: '{case} {code}:{theirs} 分(参照 {key},偏差 {deviation})',
    en: '{case} {code}: {theirs} (key {key}, {deviation})',
  },
  'calibration.judgement-line': {
    zh: '{case} {code} {what}:本人“{theirs}”,参照“{key}”',
    en: '{case} {code} {what}: “{theirs}”, key “{key}”',
  },
  'calibration.answer-veto-yes': { zh: '否决', en: 'veto' },
  'calibration.answer-veto-no': { zh: '不否决', en: 'no veto' },
  'calibration.answer-na-yes': { zh: '不适用', en: 'N/A' },
  'calibration.answer-na-no': { zh: '适用', en: 'applicable' },
  'calibration.answer-met-yes': { zh: '符合', en: 'met' },
  'calibration.answer-met-no': { zh: '不符合', en: 'not met' },
  'calibration.leaning-legend': {
    zh: '偏差 = 测评员得分 − 参照得分。宽严度超过分值的 ±2% 时标色:橙色 = 偏宽,蓝色 = 偏严。按平均绝对偏差(占分值)从大到小排列',
    en: 'Deviation = the assessor’s score − the key’s. Leniency beyond ±2% of the points is coloured: orange = lenient, blue = severe. Ordered by MAD (% of points), largest first',
  },
  'calibration.col-code': { zh: '项目', en: 'Item' },
  'calibration.col-title': { zh: '项目名称', en: 'Requirement' },
  'calibration.col-category': { zh: '类别', en: 'Category' },
  'calibration.col-max': { zh: '分值', en: 'Points' },
  'calibration.col-spread': { zh: '离散度(分)', en: 'Spread (points)' },
  'calibration.col-spread-share': { zh: '离散度(占分值)', en: 'Spread (% of points)' },
  'calibration.col-range': { zh: '最大极差(分)', en: 'Widest range (points)' },
  'calibration.col-matched': { zh: '与参照吻合', en: 'Matched the key' },
  'calibration.col-compared': { zh: '比较表数', en: 'Sheets compared' },
  'calibration.col-case-sd': { zh: '{case} 标准差', en: '{case} SD' },
  'calibration.col-reasons': { zh: '测评员所写理由', en: 'Reasons written' },
  'calibration.reason-line': { zh: '{assessor}({case}):{text}', en: '{assessor} ({case}): {text}' },
  'calibration.items-legend': {
    zh: '按离散度占分值的比例从大到小排列:越靠前,测评员的理解越不一致,越需要更清楚的规则或更多培训',
    en: 'Ordered by spread as a share of the points, widest first: the higher an item, the more differently it is read, and the more it needs a clearer rule or more training',
  },
  'calibration.case-heading': {
    zh: '{case} {title} · 参照:{key} · 参照总分 {total} · {sheets} 名测评员评分',
    en: '{case} {title} · key: {key} · key total {total} · scored by {sheets} assessors',
  },
  'calibration.col-key-score': { zh: '参照得分', en: 'Key score' },
  'calibration.col-key-judgement': { zh: '参照判断', en: 'Key judgement' },
  'calibration.col-low': { zh: '最低分', en: 'Lowest' },
  'calibration.col-high': { zh: '最高分', en: 'Highest' },
  'calibration.col-sd': { zh: '标准差', en: 'SD' },
  'calibration.col-key-reason': { zh: '参照理由', en: 'Key’s reason' },
  'calibration.col-subject': { zh: '对象', en: 'Item or assessor' },
  'calibration.col-name': { zh: '名称', en: 'Name' },
  'calibration.col-measure': { zh: '指标', en: 'Measure' },
  'calibration.col-before': { zh: '之前({round})', en: 'Before ({round})' },
  'calibration.col-after': { zh: '本次({round})', en: 'After ({round})' },
  'calibration.col-change': { zh: '变化', en: 'Change' },
  'calibration.col-verdict': { zh: '结论', en: 'Verdict' },
  'calibration.all-assessors': { zh: '全体测评员', en: 'All assessors' },
  'calibration.section-compare-items': { zh: '各评分项的离散度', en: 'Spread per item' },
  'calibration.section-compare-assessors': {
    zh: '各测评员与参照的偏差',
    en: 'Each assessor against the key',
  },
  'calibration.doc-rubric': { zh: '测评细则:', en: 'Rubric: ' },
  'calibration.doc-date': { zh: '日期:', en: 'Date: ' },
  'calibration.doc-s1': { zh: '一、校准情况', en: '1. What was done' },
  'calibration.doc-done': {
    zh: '本次校准共 {cases} 个参考案例,{assessors} 名测评员各自独立、背对背为每个案例评分,再与参照比较。参照:{keys}。',
    en: 'The calibration had {cases} reference cases; {assessors} assessors each scored every case on their own, blind, and their scores were compared with the key. The key: {keys}.',
  },
  'calibration.doc-case-key': { zh: '{case} {title}({key})', en: '{case} {title} ({key})' },
  'calibration.doc-s2': { zh: '二、总体一致性', en: '2. Overall agreement' },
  'calibration.doc-agreement': {
    zh: 'Krippendorff’s alpha 为 {alpha},ICC(2,1) 为 {icc}:{band}。',
    en: 'Krippendorff’s alpha is {alpha} and ICC(2,1) {icc}: {band}.',
  },
  'calibration.doc-agreement-undefined': {
    zh: '测评员之间的一致性无法计算。',
    en: 'The agreement between the assessors cannot be computed.',
  },
  'calibration.doc-s3': { zh: '三、理解差异最大的评分项', en: '3. The items read most differently' },
  'calibration.doc-items-intro': {
    zh: '下表列出离散度(占分值比例)最大的 {n} 项:离散度越大,测评员的给分越不一致,越需要更清楚的规则或更多培训。',
    en: 'The {n} items whose scores spread widest (as a share of their points): the wider, the more the assessors disagree, and the more the item needs a clearer rule or more training.',
  },
  'calibration.doc-items-none': {
    zh: '各评分项的给分没有差异。',
    en: 'No item’s scores differ between the assessors.',
  },
  'calibration.doc-col-reasons': { zh: '理由摘录', en: 'Reasons quoted' },
  'calibration.doc-key-says': { zh: '参照:{text}', en: 'Key: {text}' },
  'calibration.doc-s4': { zh: '四、偏离参照最多的测评员', en: '4. The assessors furthest from the key' },
  'calibration.doc-assessors-intro': {
    zh: '按平均绝对偏差(占分值比例)从大到小列出 {n} 名测评员;宽严度为正表示偏宽,为负表示偏严。',
    en: 'The {n} assessors with the largest mean absolute deviation (as a share of the points); a positive leniency is lenient, a negative one severe.',
  },
  'calibration.doc-assessors-none': {
    zh: '没有可与参照比较的评分。',
    en: 'No score could be compared with the key.',
  },
  'calibration.doc-footnote': {
    zh: '个人数据仅供管理员掌握,测评员只以编号表示;管理员发布报告后,每位测评员只能看到本人的偏差。',
    en: 'Individual figures are for the admin, and assessors are shown by id only; once the admin releases the report, each assessor sees their own deviations and nobody else’s.',
  },
  'calibration.doc-s5': { zh: '五、培训前后对比', en: '5. Before and after training' },
  'calibration.doc-compare-items': {
    zh: '与校准轮次 {before} 相比,{total} 个评分项中 {narrower} 项离散度缩小、{wider} 项扩大、{same} 项基本不变;各项平均离散度由 {meanBefore} 分变为 {meanAfter} 分,{verdict}。',
    en: 'Against calibration round {before}: of {total} items, {narrower} spread narrower, {wider} wider and {same} about the same; the mean spread went from {meanBefore} to {meanAfter} points: {verdict}.',
  },
  'calibration.doc-shrank': { zh: '离散度缩小了', en: 'the spread shrank' },
  'calibration.doc-grew': { zh: '离散度扩大了', en: 'the spread grew' },
  'calibration.doc-unchanged': { zh: '离散度基本不变', en: 'the spread hardly changed' },
  'calibration.doc-compare-alpha': {
    zh: 'Krippendorff’s alpha 由 {before} 变为 {after}。',
    en: 'Krippendorff’s alpha went from {before} to {after}.',
  },
  'calibration.doc-compare-assessors': {
    zh: '{total} 名测评员中,{closer} 名更接近参照、{further} 名更偏离参照、{same} 名基本不变。',
    en: 'Of {total} assessors, {closer} came closer to the key, {further} moved further from it and {same} stayed about the same.',
  },
  'calibration.doc-widened': { zh: '离散度扩大的评分项:{codes}。', en: 'Items whose spread grew: {codes}.' },
  'calibration.doc-see-workbook': {
    zh: '各项数据和计算方法详见校准工作簿。',
    en: 'Every figure and the method are in the calibration workbook.',
  },
  'calibration.doc-page': { zh: '第 {page} 页,共 {pages} 页', en: 'Page {page} of {pages}' },
} satisfies Record<string, Entry>;

/** Every message code. */
export type MessageCode = keyof typeof MESSAGES;

/** Fills a catalogue message for a language. Unknown codes show the code itself. */
export function message(
  code: string,
  params: IssueParams,
  lang: Lang,
  catalogue: Record<string, Entry> = MESSAGES,
): string {
  const entry = catalogue[code];
  return fill(entry ? entry[lang] : code, params);
}

export { location };

/** The full text of an issue: where, then what. */
export function formatIssue(issue: Issue, lang: Lang): string {
  return placed(location(issue, lang), message(issue.code, issue.params, lang), lang);
}
