import { describe, expect, it } from 'vitest';
import { parseChoice, parseNote, parseNumber } from '../../../shared/domain/parse-value.ts';
import type { RawCell } from '../../../shared/domain/raw-cell.ts';

const t = (value: string): RawCell => ({ type: 'text', value });

describe('reading numbers the way people type them', () => {
  it.each([
    ['8.5 typed as text', t('8.5'), 8.5, 'text-number'],
    ['a full-width digit ８', t('８'), 8, 'text-number'],
    ['full-width 8.5 (８．５)', t('８．５'), 8.5, 'text-number'],
    ['an ideographic full stop 8。5', t('8。5'), 8.5, 'text-number'],
    ['a unit 8分', t('8分'), 8, 'unit-stripped'],
    ['a unit with a space 2 pts', t('2 pts'), 2, 'unit-stripped'],
    ['a count unit 3处', t('3处'), 3, 'unit-stripped'],
    ['满分 as full marks', t('满分'), 6, 'full-marks'],
    ['padding spaces', t('  4 '), 4, 'text-number'],
  ])('accepts %s', (_n, cell, value, note) => {
    expect(parseNumber(cell, { fullMarks: 6 })).toEqual({ ok: true, value, note });
  });

  it.each([
    ['a word', t('良好'), 'not-a-number'],
    ['a range', t('1-2'), 'not-a-number'],
    ['a fraction', t('8/10'), 'not-a-number'],
    ['an approximate value', t('约8'), 'not-a-number'],
    ['a negative value written with a unit', t('-1分'), 'not-a-number'],
    ['Chinese numerals', t('八'), 'not-a-number'],
    ['a formula', { type: 'formula', formula: '1+1' } as RawCell, 'formula'],
    ['a date', { type: 'date', value: '2026-01-01' } as RawCell, 'date'],
    ['an error value', { type: 'error', value: '#N/A' } as RawCell, 'error-value'],
    ['a blank cell', { type: 'empty' } as RawCell, 'blank'],
    ['only spaces', t('   '), 'blank'],
  ])('refuses %s', (_n, cell, reason) => {
    expect(parseNumber(cell, { fullMarks: 6 })).toEqual({ ok: false, reason });
  });

  it('reads 97% typed into Excel (0.97 with a percent format) as 97 for percentage items', () => {
    expect(parseNumber({ type: 'number', value: 0.97, percentFormat: true }, { percent: true })).toEqual({
      ok: true,
      value: 97,
      note: 'percent-format',
    });
    expect(parseNumber(t('97%'), { percent: true })).toEqual({ ok: true, value: 97, note: 'unit-stripped' });
  });

  it('does not read 满分 where no full mark applies', () => {
    expect(parseNumber(t('满分'))).toEqual({ ok: false, reason: 'not-a-number' });
  });
});

describe('reading yes/no answers', () => {
  it.each(['是', '√', '✓', 'Yes', 'Y', 'TRUE', '1', ' 是 '])('reads %s as yes', (s) => {
    expect(parseChoice(t(s))).toEqual({ ok: true, value: true });
  });
  it.each(['否', '×', 'No', 'n', 'FALSE', '0'])('reads %s as no', (s) => {
    expect(parseChoice(t(s))).toEqual({ ok: true, value: false });
  });
  it.each(['maybe', '部分', '2'])('refuses %s', (s) => {
    expect(parseChoice(t(s))).toEqual({ ok: false, reason: 'not-a-choice' });
  });
  it('reads spreadsheet booleans and 1/0 numbers', () => {
    expect(parseChoice({ type: 'boolean', value: true })).toEqual({ ok: true, value: true });
    expect(parseChoice({ type: 'number', value: 0 })).toEqual({ ok: true, value: false });
  });
});

describe('reading notes', () => {
  it('removes control characters and bidirectional marks that could disguise text', () => {
    expect(parseNote(t('\u202e记录\u0007不全\u200f'))).toBe('记录不全');
  });
  it('treats whitespace-only notes as none', () => {
    expect(parseNote(t(' \n '))).toBeUndefined();
  });
});
