import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cepin } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cepin-cli-'));

describe('cepin --help', () => {
  it.each([
    [],
    ['template'],
    ['sample'],
    ['check'],
    ['rules'],
    ['rules', 'show'],
    ['rules', 'check'],
    ['rules', 'list'],
  ])('explains %j', async (...cmd) => {
    const r = await cepin(...cmd.flat(), '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: cepin/);
  });
});

describe('cepin template, sample and check', () => {
  it('writes a template that checks as empty (exit 1) and a sample that checks as valid (exit 0)', async () => {
    const t = join(dir, 'template.xlsx');
    expect(
      (
        await cepin(
          'template',
          '--rules',
          'municipal-sample',
          '--phase',
          'formal',
          '--unit',
          'U01',
          '--assessor',
          'A01',
          '--out',
          t,
        )
      ).code,
    ).toBe(0);
    const empty = await cepin('check', t, '--json');
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.out).issues[0]).toMatchObject({ code: 'sheet.empty', sheet: '评分表' });

    const s = join(dir, 'sample.xlsx');
    expect(
      (
        await cepin(
          'sample',
          '--rules',
          'municipal-sample',
          '--phase',
          'formal',
          '--unit',
          'U01',
          '--assessor',
          'A01',
          '--seed',
          '4',
          '--no-subordinates',
          '--out',
          s,
        )
      ).code,
    ).toBe(0);
    const ok = await cepin('check', s, '--json', '--lang', 'en');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.out);
    expect(json).toMatchObject({
      valid: true,
      sheet: { ruleSet: 'municipal-sample', ruleVersion: 1, phase: 'formal', unit: 'U01', assessor: 'A01' },
      score: { max: 100, vetoed: false },
    });
    expect(json.sheet.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(json.score.items).toHaveLength(38);
    expect(json.score.items[0]).toMatchObject({ code: '1.1.1', max: 2, na: false, inputCells: ['F6', 'G6'] });
    expect(json.score.categories.map((c: { code: string }) => c.code)).toEqual(['1', '2', '3', '4']);
    expect(typeof json.score.total).toBe('number');
    expect(['excellent', 'pass', 'fail']).toContain(json.score.grade);

    const text = await cepin('check', s);
    expect(text.out).toContain('✔ 有效');
    expect(text.out).toContain('总分');
  });

  it('exits 2 for a file that is not a workbook, naming the problem in the chosen language', async () => {
    const f = join(dir, 'notes.xlsx');
    writeFileSync(f, 'unit,score\nU01,8\n');
    const r = await cepin('check', f, '--json', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).issues[0]).toMatchObject({ code: 'file.text', severity: 'error' });
    expect(JSON.parse(r.out).issues[0].message).toMatch(/CSV/);
  });

  it('exits 2 for a missing file and for misuse', async () => {
    expect((await cepin('check', join(dir, 'nope.xlsx'))).code).toBe(2);
    expect(
      (
        await cepin(
          'template',
          '--rules',
          'municipal-sample',
          '--phase',
          'final',
          '--out',
          join(dir, 'x.xlsx'),
        )
      ).code,
    ).toBe(2);
    expect(
      (await cepin('template', '--rules', 'no-such', '--phase', 'formal', '--out', join(dir, 'x.xlsx'))).err,
    ).toContain('municipal-sample');
    expect((await cepin('frobnicate')).code).toBe(2);
  });
});

describe('cepin rules', () => {
  it('shows the resolved Dongcheng tree: categories -> items -> children where split', async () => {
    const r = await cepin('rules', 'show', 'dongcheng-sample', '--json');
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.out);
    expect(tree).toMatchObject({ id: 'dongcheng-sample', base: { id: 'municipal-sample' }, leafCount: 42 });
    const item211 = tree.categories[1].items[0].children[0];
    expect(item211).toMatchObject({ code: '2.1.1', maxPoints: 6 });
    expect(item211.children.map((c: { code: string }) => c.code)).toEqual(['2.1.1a', '2.1.1b', '2.1.1c']);
    expect(item211.children[0]).toMatchObject({ method: { type: 'scale' }, key: false, naAllowed: false });
  });

  it('validates a rule file and lists every problem with its path (exit 1)', async () => {
    const rs = JSON.parse(readFileSync('templates/rules/municipal-sample.json', 'utf8'));
    rs.categories[0].maxPoints = 30;
    rs.grading.grades[0].minTotal = 101;
    const f = join(dir, 'broken.json');
    writeFileSync(f, JSON.stringify(rs));
    const r = await cepin('rules', 'check', f, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/at categories.0/i);
    expect(r.out).toMatch(/at grading.grades.0.minTotal/i);
    expect((await cepin('rules', 'check', 'templates/rules/dongcheng-sample.json')).code).toBe(0);
  });
});

describe('the installed bin', () => {
  // Whole processes of the CLI that `npm ci` built (bin/build-cli.js): the sources through tsx would
  // say so on stderr. tests/unit/cli-build.test.ts checks that the build is current.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/cepin.js', ...args], { encoding: 'utf8', env: cleanEnv() });

  it('runs the built CLI: a sample written and checked by separate processes', () => {
    const file = join(dir, 'whole-process.xlsx');
    const sample = run(
      ...['sample', '--rules', 'municipal-sample', '--phase', 'formal', '--unit', 'U01', '--assessor', 'A01'],
      ...['--seed', '1', '--lang', 'en', '--out', file],
    );
    expect(sample).toMatchObject({ status: 0, stderr: '' });
    const check = run('check', file, '--json', '--lang', 'en');
    expect(check).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true, file });
    const list = run('rules', 'list');
    expect(list).toMatchObject({ status: 0, stderr: '' });
    expect(list.stdout).toContain('municipal-sample');
  });

  it('answers --help and reports a misuse with exit 2, as in-process', () => {
    expect(run('--help')).toMatchObject({ status: 0, stderr: '' });
    expect(run('--help').stdout).toMatch(/^Usage: cepin/);
    const bad = run('check', 'no-such-file.xlsx', '--lang', 'en');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no-such-file.xlsx');
  });
});

/** The environment without CEPIN_* settings (CEPIN_DEV would run the sources). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CEPIN_')));
}
