import { useState } from 'preact/hooks';
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Api } from './api.ts';
import { DownloadButton, ErrorText, Table, useAction } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { RoundDetail, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';
import './rectification.css';

/** A unit's notice and answer (as in rectification.tsx, which re-exports this section: no import back). */
type Notice = ResponseOf<'GET /rounds/{round}/rectification'>;

/**
 * The admin's rectification section (整改通知书), beside the phases: the deadline set or moved (the
 * server judges the day — a calendar date, not a calibration round, the formal phase not closed — and
 * its refusal is shown in its words), a note while the notice is not issued (the pre-check closed and a
 * deadline set), and, opened on demand, each unit's notice (one `GET …/rectification?unit=` per unit):
 * its items, answered on time, late or not, and its workbook and letter. In the rectification chunk.
 */
export function AdminRectification({ api, round }: { api: Api; round: RoundInfo }) {
  const { t } = useI18n();
  const r = encodeURIComponent(round.round);
  const detail = useLoad(() => api.get<RoundDetail>(`/rounds/${r}`), [api, r]);
  const deadline = detail.data?.round.rectification?.deadline;
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(0);
  const issued = round.phases.precheck === 'closed' && !!deadline;
  return (
    <section class="rect" aria-labelledby="rect-admin-title">
      <h2 id="rect-admin-title">{t('portal.notice-title')}</h2>
      {!issued && <p class="muted">{t('portal.notice-before')}</p>}
      <LoadState data={detail.data} error={detail.error} />
      {detail.data && (
        <>
          <p role="status">
            <strong>{t('portal.notice-deadline', { date: deadline ?? '—' })}</strong>
          </p>
          <DeadlineForm
            api={api}
            round={round.round}
            current={deadline}
            onSaved={() => {
              void detail.reload();
              setShown((n) => n + 1);
            }}
          />
          <details class="about" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
            <summary>{t('portal.notice-overview')}</summary>
            {open && (
              <Overview key={shown} api={api} round={round.round} units={detail.data.roster?.units ?? []} />
            )}
          </details>
        </>
      )}
    </section>
  );
}

/** The deadline's date input: checked here for its form, then by the server, whose refusal is shown. */
function DeadlineForm({
  api,
  round,
  current,
  onSaved,
}: {
  api: Api;
  round: string;
  current: string | undefined;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(current ?? '');
  const { busy, error, run } = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    // The server judges the day (a calendar date, YYYY-MM-DD) and its refusal is shown in its words.
    void run(async () => {
      await api.post(`/rounds/${encodeURIComponent(round)}/rectification`, { deadline: value });
      onSaved();
    });
  };
  return (
    <form class="toolbar rect-deadline" onSubmit={save} noValidate>
      <label for="rect-deadline">{t('portal.notice-deadline-label')}</label>
      <input
        id="rect-deadline"
        type="date"
        value={value}
        aria-invalid={!!error}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={busy}>
        {t('portal.notice-set')}
      </button>
      <ErrorText error={error} />
    </form>
  );
}

/** Every unit's notice and answer at a glance, fetched when the overview is opened. */
function Overview({
  api,
  round,
  units,
}: {
  api: Api;
  round: string;
  units: { code: string; name: string }[];
}) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round);
  const all = useLoad(
    () =>
      Promise.all(
        units.map((u) =>
          api.get<Notice>(`/rounds/${r}/rectification`, { unit: u.code, lang }).then(
            (n) => ({ unit: u, n, error: undefined as unknown }),
            (error: unknown) => ({ unit: u, n: undefined, error }),
          ),
        ),
      ),
    [api, r, lang, units.map((u) => u.code).join()],
  );
  const rows = all.data ?? [];
  return (
    <>
      <LoadState data={all.data} error={all.error} />
      {all.data && (
        <Table
          cols={['portal.col-unit', 'portal.col-notice-items', 'portal.col-notice-answer', 'portal.col-file']}
          stack
        >
          {rows.map(({ unit, n, error }) => {
            const state = !n?.answered ? 'none' : n.answered.late ? 'late' : 'on-time';
            return (
              <tr key={unit.code} data-unit={unit.code}>
                <th scope="row">
                  <code>{unit.code}</code> {unit.name}
                </th>
                <td class="num" data-label={t('portal.col-notice-items')}>
                  {n?.items.length ?? ''}
                </td>
                <td data-label={t('portal.col-notice-answer')}>
                  <ErrorText error={error} />
                  {n && n.items.length === 0 && <span class="muted">—</span>}
                  {n && n.items.length > 0 && (
                    <span class={`badge rect-${state}`}>
                      {state === 'none'
                        ? t('portal.notice-none')
                        : state === 'late'
                          ? t('portal.notice-late')
                          : t('portal.notice-on-time')}
                    </span>
                  )}
                </td>
                <td data-label={t('portal.col-file')}>
                  {n && n.items.length > 0 && (
                    <span class="toolbar">
                      <DownloadButton
                        api={api}
                        path={`/rounds/${r}/rectification/workbook`}
                        query={{ unit: unit.code, lang }}
                        label={unit.code}
                      >
                        {t('portal.notice-workbook')}
                      </DownloadButton>
                      <DownloadButton
                        api={api}
                        path={`/rounds/${r}/rectification/docx`}
                        query={{ unit: unit.code, lang }}
                        label={unit.code}
                      >
                        {t('portal.notice-letter')}
                      </DownloadButton>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
