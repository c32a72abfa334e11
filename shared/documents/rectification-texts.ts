import { num } from './feedback-texts.ts';

const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/** The fixed wording of the rectification notice (整改通知书) in each language. */
export const RECT_DOC_TEXT = {
  zh: {
    title: '整改通知书',
    subtitle: (round: string) => `${round}${/^\d{4}$/.test(round) ? '年度' : ''}机关档案工作测评预检`,
    unit: '被测评单位：',
    code: (code: string) => `（单位代码：${code}）`,
    rules: '测评细则：',
    rulesLine: (id: string, version: number) => `${id}（第${version}版）`,
    issued: '下发日期：',
    deadline: '整改期限：',
    addressee: (unitName: string) => `${unitName}：`,
    found: (n: number, notMet: number, vetoed: number) =>
      `根据本轮测评预检结果，你单位共有${n}个项目存在问题${notMet > 0 ? `（其中${notMet}个不符合要求）` : ''}${vetoed > 0 ? `，${vetoed}个项目触及一票否决情形` : ''}。请对照下表所列问题和整改建议逐项认真整改，并按期报送整改情况。`,
    nothing: '根据本轮测评预检结果，你单位未发现需要整改的问题，无需报送整改情况。请继续保持。',
    s1: '一、存在问题及整改建议',
    columns: ['编号', '项目', '分值/得分', '存在问题', '整改建议'],
    scoreOf: (score: number | null, max: number) => `${score === null ? '—' : num(score)}/${num(max)}分`,
    notMet: '不符合',
    vetoed: '一票否决',
    none: '—',
    s2: '二、整改期限',
    deadlineText: (date: string) =>
      `请于${date}（北京时间当日24时）前完成整改并报送整改情况。逾期报送的，将如实记录为逾期。`,
    s3: '三、报送方式',
    howIntro: '在测评门户下载本通知书对应的整改工作簿（.xlsx），在黄色单元格中逐项填写三列：',
    howColumns: [
      '“整改情况”：选择“已整改”“部分整改”或“未整改”；',
      '“整改措施”：写明所做的整改（已整改、部分整改的必须填写）；',
      '“佐证材料”：填写随附证明材料的文件名，多个文件用“；”分隔或分行。',
    ],
    howClosing:
      '填好后在测评门户上传该工作簿，或在命令行执行 cepin upload 上传；佐证材料文件请一并上传。请勿改动工作簿中的其他内容。',
    page: ['第 ', ' 页 共 ', ' 页'] as const,
  },
  en: {
    title: 'Rectification Notice',
    subtitle: (round: string) => `${round} pre-check of agency archive work`,
    unit: 'Unit: ',
    code: (code: string) => ` (code ${code})`,
    rules: 'Rules: ',
    rulesLine: (id: string, version: number) => `${id} (version ${version})`,
    issued: 'Issued: ',
    deadline: 'Deadline: ',
    addressee: (unitName: string) => `To ${unitName}:`,
    found: (n: number, notMet: number, vetoed: number) =>
      `The pre-check of this round found problems in ${items(n)}${notMet > 0 ? ` (${notMet} not met)` : ''}${vetoed > 0 ? `; ${items(vetoed)} met a veto condition` : ''}. Please rectify each of them against the problems and suggestions below, and report what was done by the deadline.`,
    nothing:
      'The pre-check of this round found nothing to rectify: there is nothing to report. Please keep up the good work.',
    s1: '1. Problems found and suggestions',
    columns: ['Code', 'Requirement', 'Score', 'Problem found', 'Suggestion'],
    scoreOf: (score: number | null, max: number) => `${score === null ? '—' : num(score)} of ${num(max)}`,
    notMet: 'Not met',
    vetoed: 'Veto',
    none: '—',
    s2: '2. Deadline',
    deadlineText: (date: string) =>
      `Complete the rectification and report it by the end of ${date} (China time). An answer received later is recorded as late.`,
    s3: '3. How to answer',
    howIntro:
      'Download the rectification workbook (.xlsx) of this notice in the portal and fill its three yellow columns for every item:',
    howColumns: [
      'Status: choose Fixed, Partly fixed or Not fixed;',
      'What was done: the rectification made (required for an item fixed or partly fixed);',
      'Evidence files: the names of the files that prove it, separated by “;” or one a line.',
    ],
    howClosing:
      'Then upload the workbook in the portal, or with cepin upload at a terminal, together with the evidence files. Do not change anything else in the workbook.',
    page: ['Page ', ' of ', ''] as const,
  },
};
