import { CASE_CODE_PATTERN } from '../../shared/api/terms.ts';
import { useI18n } from './i18n.ts';

/** A reference case as the new-round form edits it. */
export interface CaseDraft {
  code: string;
  title: string;
  description: string;
}

/** The new-round form's editor of a calibration's reference cases: code, title, description; rows added and removed. */
export function CasesEditor({ cases, onChange }: { cases: CaseDraft[]; onChange: (c: CaseDraft[]) => void }) {
  const { t } = useI18n();
  const set = (n: number, field: keyof CaseDraft, value: string) =>
    onChange(cases.map((c, i) => (i === n ? { ...c, [field]: value } : c)));
  const codes = new Set(cases.map((c) => c.code.toUpperCase()));
  const add = () => {
    let n = cases.length + 1;
    while (codes.has(`CASE${n}`)) n++;
    onChange([...cases, { code: `CASE${n}`, title: '', description: '' }]);
  };
  return (
    <fieldset class="cases-editor">
      <legend>{t('portal.new-round-cases')}</legend>
      <p class="muted small">{t('portal.new-round-cases-hint')}</p>
      {cases.map((c, n) => {
        const label = t('portal.case-label', { n: n + 1 });
        return (
          <div key={n} class="case-row" role="group" aria-label={label}>
            <label>
              {t('portal.case-code')}
              <input
                value={c.code}
                required
                pattern={CASE_CODE_PATTERN}
                size={8}
                aria-label={`${label} ${t('portal.case-code')}`}
                onInput={(e) => set(n, 'code', (e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t('portal.case-title')}
              <input
                value={c.title}
                required
                maxLength={200}
                aria-label={`${label} ${t('portal.case-title')}`}
                onInput={(e) => set(n, 'title', (e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label class="case-description">
              {t('portal.case-description')}
              <textarea
                value={c.description}
                rows={2}
                maxLength={4000}
                aria-label={`${label} ${t('portal.case-description')}`}
                onInput={(e) => set(n, 'description', (e.currentTarget as HTMLTextAreaElement).value)}
              />
            </label>
            <button
              type="button"
              disabled={cases.length === 1}
              onClick={() => onChange(cases.filter((_, i) => i !== n))}
            >
              {t('portal.case-remove')}
              <span class="sr-only"> {label}</span>
            </button>
          </div>
        );
      })}
      <button type="button" disabled={cases.length >= 20} onClick={add}>
        {t('portal.case-add')}
      </button>
    </fieldset>
  );
}
