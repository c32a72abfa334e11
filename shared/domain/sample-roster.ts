import type { Roster, RosterAssessor, RosterAssignment, RosterUnit } from './roster.ts';

// The 25 assessed units of an invented Dongcheng-like district, with the subordinate units of the
// eight that have any. Names are plausible but the subordinates are made up.
const UNITS: [name: string, subordinates: string[]][] = [
  ['东城区发展和改革委员会', []],
  [
    '东城区教育委员会',
    [
      '东城区教育委员会所属第一实验小学',
      '东城区教育委员会所属第二中学',
      '东城区教育委员会所属职业学校',
      '东城区教育委员会所属第三幼儿园',
    ],
  ],
  ['东城区科学技术和信息化局', []],
  ['东城区民政局', ['东城区社会福利院', '东城区救助管理站', '东城区婚姻登记中心']],
  ['东城区司法局', []],
  ['东城区财政局', []],
  ['东城区人力资源和社会保障局', ['东城区社会保险基金管理中心', '东城区劳动人事争议仲裁院']],
  ['东城区住房和城市建设委员会', []],
  ['东城区城市管理委员会', []],
  ['东城区商务局', []],
  ['东城区文化和旅游局', ['东城区第一图书馆', '东城区文化馆', '东城区文物保护管理所']],
  [
    '东城区卫生健康委员会',
    ['东城区疾病预防控制中心', '东城区某街道社区卫生服务中心', '东城区妇幼保健院', '东城区卫生健康监督所'],
  ],
  ['东城区退役军人事务局', []],
  ['东城区应急管理局', []],
  [
    '东城区市场监督管理局',
    ['东城区市场监督管理局某街道市场监管所', '东城区食品药品安全监控中心', '东城区计量检测所'],
  ],
  ['东城区统计局', []],
  ['东城区医疗保障局', []],
  ['东城区园林绿化局', ['东城区公园管理中心', '东城区绿化队']],
  ['东城区体育局', []],
  ['东城区审计局', []],
  ['东城区人民政府国有资产监督管理委员会', ['东城区国有资本运营公司', '东城区城市建设投资集团']],
  ['东城区政务服务管理局', []],
  ['东城区信访办公室', []],
  ['东城区人民防空办公室', []],
  ['东城区水务局', []],
];

// The panel leads are the archive bureau's own staff (no home unit); the others work in units of
// the district, chosen so that the rota below never has one assess their own unit, a unit under
// it or the unit above it (回避).
const ASSESSORS: RosterAssessor[] = [
  { id: 'A01', name: '王立新', lead: true },
  { id: 'A02', name: '李静', lead: true },
  { id: 'A03', name: '张伟', lead: false, home: 'DC09' },
  { id: 'A04', name: '刘芳', lead: false, home: 'DC05' },
  { id: 'A05', name: '陈晓明', lead: false, home: 'DC10' },
  { id: 'A06', name: '杨丽', lead: false, home: 'DC18-01' },
  { id: 'A07', name: '赵强', lead: false, home: 'DC13' },
  { id: 'A08', name: '黄敏', lead: false, home: 'DC21' },
].map((a, i) => ({ ...a, ...contact(a.id.toLowerCase(), i + 1) }));

// The archive staff (档案员) who sign in for each assessed unit (invented names).
const ARCHIVISTS = [
  '孙晓燕',
  '周建华',
  '吴丽娟',
  '郑志强',
  '冯海燕',
  '褚春梅',
  '卫国庆',
  '蒋秀英',
  '沈文静',
  '韩明辉',
  '朱红霞',
  '秦立军',
  '尤雪梅',
  '许永刚',
  '何玉兰',
  '吕晓东',
  '施桂芳',
  '孔建军',
  '曹丽萍',
  '严卫东',
  '华淑华',
  '金小红',
  '魏振华',
  '陶美玲',
  '姜宏伟',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** A sample person's sign-in name, phone (1390000xxxx) and e-mail. */
function contact(login: string, n: number) {
  return {
    login,
    phone: `1390000${String(n).padStart(4, '0')}`,
    email: `${login}@dongcheng.example.gov.cn`,
  };
}

/**
 * The sample roster of a Dongcheng-like district: 25 assessed units (DC01..DC25), 23 subordinates
 * of 8 of them (DC02-01 ...), 8 assessors (A01, A02 lead panels; A03..A08 with a home unit) and a
 * deterministic rota free of conflicts of interest. Each assessed unit's archive staff and each
 * assessor has a sign-in name (dc01…dc25, a01…a08), a phone (1390000xxxx) and an e-mail
 * (@dongcheng.example.gov.cn); subordinates have none (they do not sign in).
 */
export function sampleRoster(): Roster {
  const units: RosterUnit[] = [];
  const assignments: RosterAssignment[] = [];
  const ids = ASSESSORS.map((a) => a.id);
  const leads = ASSESSORS.filter((a) => a.lead).map((a) => a.id);
  const members = ASSESSORS.filter((a) => !a.lead).map((a) => a.id);
  UNITS.forEach(([name, subordinates], i) => {
    const code = `DC${pad(i + 1)}`;
    // Each assessed unit's archive staff signs in for it (dc01, 13900000101, dc01@…).
    units.push({ code, name, archivist: ARCHIVISTS[i]!, ...contact(code.toLowerCase(), 101 + i) });
    const subs = subordinates.map((n, j) => ({ code: `${code}-${pad(j + 1)}`, name: n, parent: code }));
    units.push(...subs);
    const precheck = [ids[(2 * i) % ids.length]!, ids[(2 * i + 1) % ids.length]!];
    const size = i % 3 === 0 ? 5 : 4;
    const formal = [
      leads[i % leads.length]!,
      ...Array.from({ length: size - 1 }, (_, k) => members[(i + k) % members.length]!).sort(),
    ];
    const spotchecked =
      subs.length >= 2 ? [subs[i % subs.length]!.code, subs[(i + 1) % subs.length]!.code].sort() : [];
    const spotcheckers = spotchecked.length > 0 ? precheck.slice(0, i % 2 === 0 ? 2 : 1) : [];
    assignments.push({ unit: code, precheck, formal, spotchecked, spotcheckers });
  });
  return { units, assessors: ASSESSORS.map((a) => ({ ...a })), assignments };
}
