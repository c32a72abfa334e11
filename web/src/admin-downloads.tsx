import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { RECONCILABLE_PHASES, type ReconPhase } from '../../shared/api/terms.ts';
import type { Api } from './api.ts';
import { DownloadButton } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { RoundDetail, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

/** The admin's downloads tab: the round workbook, a unit's feedback and 合议表, the roster template. */
export function Downloads({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, lang, phase } = useI18n();
  const r = encodeURIComponent(round.round);
  const [chosen, setUnit] = useState('');
  const [reconPhase, setReconPhase] = useState<ReconPhase>('formal');
  const detail = useLoad(() => api.get<RoundDetail>(`/rounds/${r}`), [api, r]);
  // The units someone assesses; the first is chosen until the admin picks another.
  const assessed = new Set(detail.data?.roster?.assignments.map((a) => a.unit));
  const units = (detail.data?.roster?.units ?? []).filter((u) => assessed.has(u.code));
  const unit = chosen || units[0]?.code || '';
  return (
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('portal.tab-downloads')}</h2>
      <LoadState data={detail.data} error={detail.error} />
      <p class="toolbar">
        <label for="dl-unit">{t('portal.col-unit')}</label>
        <select
          id="dl-unit"
          value={unit}
          onChange={(e) => setUnit((e.currentTarget as HTMLSelectElement).value)}
        >
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.code} {u.name}
            </option>
          ))}
        </select>
        <span class="muted small">{t('portal.download-unit-hint')}</span>
      </p>
      <div class="cards">
        <Card title={t('portal.download-workbook')} hint={t('portal.download-workbook-hint')}>
          <DownloadButton
            api={api}
            path={`/rounds/${r}/workbook`}
            query={{ lang }}
            label={t('portal.download-workbook')}
          />
        </Card>
        <Card title={t('portal.download-feedback')} hint={t('portal.download-feedback-hint')}>
          <DownloadButton
            api={api}
            path={`/rounds/${r}/feedback`}
            query={{ unit, lang }}
            label={`${t('portal.download-feedback')} ${unit}`}
          />
        </Card>
        <Card title={t('portal.download-recon')} hint={t('portal.download-recon-hint')}>
          <p>
            <label for="recon-phase">{t('portal.col-phase')}</label>{' '}
            <select
              id="recon-phase"
              value={reconPhase}
              onChange={(e) => setReconPhase((e.currentTarget as HTMLSelectElement).value as ReconPhase)}
            >
              {RECONCILABLE_PHASES.map((p) => (
                <option key={p} value={p}>
                  {phase(p)}
                </option>
              ))}
            </select>
          </p>
          <DownloadButton
            api={api}
            path={`/rounds/${r}/reconciliation-sheet`}
            query={{ unit, phase: reconPhase, lang }}
            label={`${t('portal.download-recon')} ${unit}`}
          />
        </Card>
        <Card title={t('portal.download-roster')}>
          <DownloadButton
            api={api}
            path="/roster-template"
            query={{ lang }}
            label={t('portal.download-roster')}
          />
        </Card>
      </div>
    </section>
  );
}

/** One download of the tab: what it is, what it is for, its button(s). */
function Card({ title, hint, children }: { title: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="card">
      <h3>{title}</h3>
      {hint && <p class="muted">{hint}</p>}
      {children}
    </div>
  );
}
