import type { I18n } from './i18n.ts';
import type { UnitResult } from './types.ts';
import { previousLine, rectCounts } from './results-compare-words.ts';

export { previousLine, rectCounts, rectDistrict } from './results-compare-words.ts';

export function UnitCompare({ u, i18n }: { u: UnitResult; i18n: I18n }) {
  const { t, lang } = i18n;
  const join = (xs: string[]) => xs.join(lang === 'zh' ? '、' : ', ');
  const p = u.precheckVsFormal;
  const classes: [string, string[]][] = p
    ? [
        ['portal.rect-fixed', p.fixed],
        ['portal.rect-partly', p.partlyFixed],
        ['portal.rect-not', p.stillLosing],
        ['portal.rect-new', p.newLosses],
      ]
    : [];
  const shown = classes.filter(([, codes]) => codes.length > 0);
  return (
    <>
      {p && (
        <section aria-label={t('portal.rect-title')}>
          <h3>{t('portal.rect-title')}</h3>
          <p>{rectCounts(p, t)}</p>
          {shown.length > 0 && (
            <ul>
              {shown.map(([code, codes]) => (
                <li key={code}>{t(code, { items: join(codes) })}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {u.previous && (
        <section aria-label={t('portal.col-previous')}>
          <h3>{t('portal.col-previous')}</h3>
          <p>{previousLine(u.previous, t)}</p>
          {u.previous.recurring.length > 0 && (
            <p>{t('portal.previous-recurring', { items: join(u.previous.recurring) })}</p>
          )}
        </section>
      )}
    </>
  );
}
