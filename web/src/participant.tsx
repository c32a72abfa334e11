import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { DownloadButton, ErrorText, StateBadge, Table } from './components.tsx';
import { PHASE_ORDER } from '../../shared/api/phases.ts';
import { OwnCalibration } from './calibration-own.tsx';
import { lazyView } from './lazy.tsx';
import { useI18n } from './i18n.ts';
import { UnitCompare } from './results-compare.tsx';
import type { Session } from './session.ts';
import type { MyUploadList, Results, RoundInfo, RoundStatus, UploadSummary } from './types.ts';
import { MyUploads, UploadZone } from './uploads.tsx';

/** The rubric with a unit's evidence (and an assessor's review of its self-assessment): its own chunk. */
const EvidenceView = lazyView(() => import('./evidence.tsx').then((m) => m.EvidenceView));
const EvidenceUnits = lazyView(() => import('./evidence.tsx').then((m) => m.EvidenceUnits));
/** The rectification notice (整改通知书) and the unit's answer: its own chunk. */
const Rectification = lazyView(() => import('./rectification.tsx').then((m) => m.PageRectification));

/**
 * A unit's or an assessor's page: the sheets expected of them this round with their templates,
 * the upload zone, their earlier uploads and, for units once the round is closed, their results.
 * Assessors only ever see their own slots and uploads (blind scoring is enforced by the API). On a
 * calibration round (校准) the slots are the reference cases, and an assessor's own calibration
 * results come once the admin releases them (calibration-own.tsx).
 */
export function ParticipantView({ api, session, round }: { api: Api; session: Session; round: RoundInfo }) {
  const { t, phase, lang } = useI18n();
  const [status, setStatus] = useState<RoundStatus>();
  const [uploads, setUploads] = useState<UploadSummary[]>([]);
  const [error, setError] = useState<unknown>();
  const r = encodeURIComponent(round.round);

  const refresh = useCallback(async () => {
    try {
      const [s, u] = await Promise.all([
        api.get<RoundStatus>(`/rounds/${r}/status`),
        api.get<MyUploadList>(`/rounds/${r}/uploads`, { lang }),
      ]);
      setStatus(s);
      setUploads(u.uploads);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [api, r, lang]);
  useEffect(() => void refresh(), [refresh]);

  const slots = [...(status?.submissions ?? [])].sort(
    (a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) || a.unit.localeCompare(b.unit),
  );
  const unitName = (code: string) => status?.names.units[code] ?? '';
  const calibration = round.kind === 'calibration';
  const unitCol = calibration ? 'portal.col-case' : 'portal.col-unit';
  return (
    <>
      <ErrorText error={error} />
      <section aria-labelledby="assignments-title">
        <h2 id="assignments-title">{t('portal.assignments')}</h2>
        {!status ? (
          <p class="muted">{t('portal.loading')}</p>
        ) : slots.length === 0 ? (
          <p class="muted">{t('portal.assignments-none')}</p>
        ) : (
          <Table cols={['portal.col-phase', unitCol, 'portal.col-state', 'portal.col-template']} stack>
            {slots.map((s) => (
              <tr key={`${s.phase}|${s.unit}|${s.assessor}`}>
                <td data-label={t('portal.col-phase')}>
                  {phase(s.phase)}
                  <span class="muted small"> · {t(`portal.phase-state-${status.phases[s.phase]}`)}</span>
                </td>
                <td data-label={t(unitCol)}>
                  <code>{s.unit}</code> {unitName(s.unit)}
                </td>
                <td data-label={t('portal.col-state')}>
                  <StateBadge state={s.state} total={s.total} />
                </td>
                <td>
                  <DownloadButton
                    api={api}
                    path={`/rounds/${r}/template`}
                    query={{
                      phase: s.phase,
                      unit: s.unit,
                      assessor: s.assessor || undefined,
                      lang,
                    }}
                    label={`${phase(s.phase)} ${s.unit} ${unitName(s.unit)}`}
                  >
                    {t('portal.template-download')}
                  </DownloadButton>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      <UploadZone api={api} round={round.round} onSettled={() => void refresh()} />
      <MyUploads api={api} uploads={uploads} />
      {status && !calibration && (
        <Rectification
          api={api}
          round={round}
          session={session}
          status={status}
          onSettled={() => void refresh()}
        />
      )}
      {session.role === 'unit' && !calibration && (
        <EvidenceView api={api} round={round.round} unit={session.ref} name={unitName(session.ref)} edit />
      )}
      {/* An assessor reads the evidence of each unit it is assigned to, in any phase, and (not in a
          calibration) the unit's self-assessment beside it, before scoring (the pre-check review). */}
      {session.role === 'assessor' && status && (
        <EvidenceUnits
          api={api}
          round={round.round}
          units={[...new Set(slots.map((s) => s.unit))].map((u) => ({ code: u, name: unitName(u) }))}
          review={!calibration}
        />
      )}
      {session.role === 'unit' && !calibration && <UnitResults api={api} session={session} round={round} />}
      {/* An assessor, or a unit's archive staff in a two-way calibration (they have case slots). */}
      {calibration && (session.role === 'assessor' || slots.length > 0) && (
        <OwnCalibration api={api} round={round} me={session.ref} />
      )}
    </>
  );
}

/** A unit's own results and feedback document, once the formal assessment is closed. */
function UnitResults({ api, session, round }: { api: Api; session: Session; round: RoundInfo }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [res, setRes] = useState<Results>();
  const [error, setError] = useState<unknown>();
  const closed = round.phases.formal === 'closed';
  const r = encodeURIComponent(round.round);
  useEffect(() => {
    if (!closed) return;
    api.get<Results>(`/rounds/${r}/results`, { unit: session.ref, lang }).then(setRes).catch(setError);
  }, [api, r, closed, session.ref, lang]);
  const mine = res?.units.find((u) => u.code === session.ref);
  return (
    <section aria-labelledby="my-results-title">
      <h2 id="my-results-title">{t('portal.my-results')}</h2>
      {!closed ? (
        <p class="muted">{t('portal.my-results-later')}</p>
      ) : (
        <>
          <ErrorText error={error} />
          {res && !mine?.formal && <p class="muted">{t('portal.results-none')}</p>}
          {mine?.formal && (
            <p>
              <strong>{t('portal.points', { total: mine.formal.total })}</strong>{' '}
              {mine.formal.gradeLabel ?? t('portal.results-pending')}
            </p>
          )}
          {mine?.formal && <UnitCompare u={mine} i18n={i18n} />}
          <DownloadButton
            api={api}
            path={`/rounds/${r}/feedback`}
            query={{ unit: session.ref, lang }}
            label={t('portal.download-feedback')}
          />
        </>
      )}
    </section>
  );
}
