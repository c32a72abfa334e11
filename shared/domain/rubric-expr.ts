import type { Requirement } from './rule-set-schema.ts';
import type { Lang } from './text.ts';

/**
 * The 必备条件 (Requires) cell of a grade: an expression over item codes, `3 且 8 且 (12 且 (16 或 27))`.
 * 且 / 和 / and / & join with "and", 或 / or / | with "or"; parentheses group. The top level is a
 * 且-list, each element one `requires` entry; a parenthesised group is one entry of its own (`all` or
 * `any`). Mixing 且 and 或 at one level without parentheses is an error: its meaning is a guess.
 */

type Token = { t: 'code'; v: string } | { t: 'and' | 'or' | '(' | ')'; v: string };

/** Why an expression could not be read: the catalogue code and the text near the problem. */
export type ExprError = {
  code: 'rubric.expr-mixed' | 'rubric.expr-paren' | 'rubric.expr-syntax';
  at: string;
};
export type ExprResult = { ok: true; requires: Requirement[] } | { ok: false; error: ExprError };

const CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,23}$/;
const WORD = /[0-9A-Za-z.\-_]/;

function tokenize(s: string): Token[] | ExprError {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ t: ch, v: ch });
      i++;
    } else if (ch === '&' || ch === '|') {
      const two = s[i + 1] === ch;
      out.push({ t: ch === '&' ? 'and' : 'or', v: two ? ch + ch : ch });
      i += two ? 2 : 1;
    } else if (ch === '且' || ch === '和' || ch === '或') {
      out.push({ t: ch === '或' ? 'or' : 'and', v: ch });
      i++;
    } else if (WORD.test(ch)) {
      let j = i;
      while (j < s.length && WORD.test(s[j]!)) j++;
      const w = s.slice(i, j);
      const lower = w.toLowerCase();
      if (lower === 'and' || lower === 'or') out.push({ t: lower, v: w });
      else if (CODE.test(w)) out.push({ t: 'code', v: w });
      else return { code: 'rubric.expr-syntax', at: w };
      i = j;
    } else return { code: 'rubric.expr-syntax', at: ch };
  }
  return out;
}

type Group = { op: 'and' | 'or' | null; terms: Requirement[] };

/** Parses a 必备条件 cell into `requires` entries (at least one), or says what is wrong with it. */
export function parseRequires(text: string): ExprResult {
  const tokens = tokenize(text.normalize('NFKC'));
  if (!Array.isArray(tokens)) return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: { code: 'rubric.expr-syntax', at: text } };
  let pos = 0;
  const fail = (code: ExprError['code'], at: string): ExprResult => ({ ok: false, error: { code, at } });
  // A sequence of terms joined by one kind of operator, up to a ')' or the end.
  const sequence = (): Group | ExprError => {
    const g: Group = { op: null, terms: [] };
    for (;;) {
      const tok = tokens[pos];
      if (!tok || tok.t === ')' || tok.t === 'and' || tok.t === 'or')
        return { code: 'rubric.expr-syntax', at: tok?.v ?? textEnd(text) };
      pos++;
      if (tok.t === 'code') g.terms.push({ met: tok.v });
      else {
        const inner = sequence();
        if ('code' in inner) return inner;
        if (tokens[pos]?.t !== ')') return { code: 'rubric.expr-paren', at: '(' };
        pos++;
        g.terms.push(inner.op === 'or' ? { any: inner.terms } : { all: inner.terms });
      }
      const next = tokens[pos];
      if (!next || next.t === ')') return g;
      if (next.t !== 'and' && next.t !== 'or') return { code: 'rubric.expr-syntax', at: next.v };
      if (g.op !== null && g.op !== next.t) return { code: 'rubric.expr-mixed', at: next.v };
      g.op = next.t;
      pos++;
    }
  };
  const top = sequence();
  if ('code' in top) return fail(top.code, top.at);
  if (pos < tokens.length) return fail('rubric.expr-paren', ')');
  return { ok: true, requires: top.op === 'or' ? [{ any: top.terms }] : top.terms };
}

function textEnd(s: string): string {
  return s.trim().slice(-6);
}

const WORDS: Record<Lang, { and: string; or: string }> = {
  zh: { and: ' 且 ', or: ' 或 ' },
  en: { and: ' and ', or: ' or ' },
};

/** Writes `requires` entries as a 必备条件 expression that `parseRequires` reads back to the same entries. */
export function printRequires(requires: readonly Requirement[], lang: Lang): string {
  const w = WORDS[lang];
  const term = (r: Requirement): string => ('met' in r ? r.met : `(${inner(r)})`);
  const inner = (r: Requirement): string =>
    'all' in r ? r.all.map(term).join(w.and) : 'any' in r ? r.any.map(term).join(w.or) : r.met;
  const only = requires[0];
  if (requires.length === 1 && only && 'any' in only && only.any.length > 1) return inner(only);
  return requires.map(term).join(w.and);
}
