import { useState } from 'preact/hooks';
import { chinaDay, DAY_MS } from '../../shared/domain/china-time.ts';
import type { ResponseOf } from '../../shared/api/contract.ts';
import { SELF_SHEET_WORDS as W } from 'virtual:cepin-catalogue/words';
import { ApiFailure, type Api } from './api.ts';
import { DownloadButton, Table } from './components.tsx';
import { useI18n } from './i18n.ts';
import { AnswerUpload } from './rectification-upload.tsx';
import type { Session } from './session.ts';
import type { RoundInfo, RoundStatus } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';
import './rectification.css';

export type Notice = ResponseOf<'GET /rounds/{round}/rectification'>;
type Item = Notice['items'][number];

/** Whole days from today in China (where the deadline's last day is counted) to that day; negative once past. */
export const daysLeft = (deadline: string, today = chinaDay(Date.now())) =>
  Math.round((Date.parse(deadline) - Date.parse(today)) / DAY_MS);

/** The notice not issued yet: the API's 409, which a unit or an assessor meets until then. */
const notIssued = (e: unknown) => e instanceof ApiFailure && e.code === 'api.rectification-not-issued';

/**
 * A unit's rectification notice (整改通知书) and its latest answer (整改回复): the deadline with the
 * days left, the items that lost points at the pre-check with the problems and suggestions, what the
 * unit answered per item, and the answer's warnings; the notice as a workbook and as a letter. With
 * `upload` (the unit itself) a drop zone for the filled workbook, its outcome shown with its issues
 * by cell. Before the pre-check closes (and the admin sets a deadline) only a note. Its own chunk.
 */
export function RectificationView({
  api,
  round,
  unit,
  name,
  upload,
  onSettled,
}: {
  api: Api;
  round: RoundInfo;
  unit: string;
  name?: string | undefined;
  upload?: boolean;
  onSettled?: () => void;
}) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round.round);
  // The pre-check still running: nothing to ask the API for (it would only say "not issued").
  const due = round.phases.precheck === 'closed';
  const notice = useLoad(
    async () => (due ? api.get<Notice>(`/rounds/${r}/rectification`, { unit, lang }) : undefined),
    [api, r, unit, lang, due],
  );
  const n = notice.data;
  const waiting = !due || notIssued(notice.error);
  return (
    <section class="rect" aria-labelledby={`rect-${unit}`}>
      <h2 id={`rect-${unit}`}>
        {t('portal.notice-title')} · <code>{unit}</code> {n?.unitName ?? name ?? ''}
      </h2>
      {waiting ? (
        <p class="muted">{t('portal.notice-before')}</p>
      ) : (
        <>
          <LoadState data={n} error={notice.error} />
          {n && <Issued api={api} n={n} />}
          {n && upload && n.items.length > 0 && (
            <AnswerUpload
              api={api}
              round={round.round}
              onSettled={() => {
                void notice.reload();
                onSettled?.();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The issued notice: deadline, answer, warnings, downloads and the items. */
function Issued({ api, n }: { api: Api; n: Notice }) {
  const { t, lang, time } = useI18n();
  const r = encodeURIComponent(n.round);
  const a = n.answered;
  const general = a?.warnings.filter((w) => !w.item) ?? [];
  const days = n.deadline ? daysLeft(n.deadline) : undefined;
  return (
    <>
      <p class="rect-state">
        {n.deadline && (
          <strong>
            {t('portal.notice-deadline', { date: n.deadline })}
            {!a && days !== undefined && (
              <span class={days < 0 ? 'rect-overdue' : 'rect-left'}>
                {' · '}
                {days > 0
                  ? t('portal.notice-days-left', { days })
                  : days === 0
                    ? t('portal.notice-today')
                    : t('portal.notice-overdue', { days: -days })}
              </span>
            )}
          </strong>
        )}{' '}
        <span class={a ? 'rect-ok' : 'muted'}>
          {a ? t('portal.notice-answered', { time: time(a.receivedAt) }) : t('portal.notice-none')}
        </span>
        {a && (
          <span class={`badge rect-${a.late ? 'late' : 'on-time'}`}>
            {a.late ? t('portal.notice-late') : t('portal.notice-on-time')}
          </span>
        )}
      </p>
      {general.length > 0 && (
        <ul class="issues">
          {general.map((w, i) => (
            <li key={i} class="sev-warning">
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {n.items.length === 0 ? (
        <p class="muted">{t('portal.notice-no-items')}</p>
      ) : (
        <>
          <p class="toolbar">
            <DownloadButton
              api={api}
              path={`/rounds/${r}/rectification/workbook`}
              query={{ unit: n.unit, lang }}
              label={n.unit}
            >
              {t('portal.notice-workbook')}
            </DownloadButton>
            <DownloadButton
              api={api}
              path={`/rounds/${r}/rectification/docx`}
              query={{ unit: n.unit, lang }}
              label={n.unit}
            >
              {t('portal.notice-letter')}
            </DownloadButton>
          </p>
          <Table
            cols={[
              'portal.col-item',
              'portal.col-precheck',
              'portal.col-notice-problem',
              'portal.col-notice-answer',
            ]}
            stack
          >
            {n.items.map((i) => (
              <ItemRow key={i.code} i={i} warnings={a?.warnings.filter((w) => w.item === i.code) ?? []} />
            ))}
          </Table>
        </>
      )}
    </>
  );
}

/** One item of the notice beside the unit's answer to it. */
function ItemRow({ i, warnings }: { i: Item; warnings: { message: string }[] }) {
  const { t, text } = useI18n();
  return (
    <tr data-item={i.code}>
      <th scope="row">
        <code>{i.code}</code> {i.title}
      </th>
      <td class="num" data-label={t('portal.col-precheck')}>
        {i.compliance ? text(i.met ? W.met : W.notMet) : `${i.score ?? 0} / ${i.max}`}
      </td>
      <td data-label={t('portal.col-notice-problem')} class="rect-text">
        {i.problem && <p>{i.problem}</p>}
        {i.suggestion && (
          <p>
            <span class="rect-label">{text(W.suggestion)}</span> {i.suggestion}
          </p>
        )}
        {!i.problem && !i.suggestion && <span class="muted">—</span>}
      </td>
      <td data-label={t('portal.col-notice-answer')} class="rect-text">
        {i.answer ? (
          <>
            <span class={`badge rect-${i.answer.status}`}>{i.answer.statusText}</span>
            {i.answer.done && <p>{i.answer.done}</p>}
            {i.answer.evidence.length > 0 && (
              <p class="muted small">
                <span class="rect-label">{t('portal.col-evidence')}</span> {i.answer.evidence.join('、')}
              </p>
            )}
          </>
        ) : (
          <span class="muted">{t('portal.notice-none')}</span>
        )}
        {warnings.length > 0 && (
          <ul class="issues">
            {warnings.map((w, k) => (
              <li key={k} class="sev-warning">
                {w.message}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/**
 * The notice on a participant's page (participant.tsx): a unit's own, with its upload; an assessor's,
 * read-only, for the units of its pre-check pairs and formal panels (who may read them).
 */
export function PageRectification({
  api,
  round,
  session,
  status,
  onSettled,
}: {
  api: Api;
  round: RoundInfo;
  session: Session;
  status: RoundStatus;
  onSettled: () => void;
}) {
  if (session.role === 'unit')
    return <RectificationView api={api} round={round} unit={session.ref} upload onSettled={onSettled} />;
  const units = status.submissions
    .filter((s) => s.phase === 'precheck' || s.phase === 'formal')
    .map((s) => s.unit)
    .sort();
  return (
    <RectificationUnits
      api={api}
      round={round}
      units={[...new Set(units)].map((code) => ({ code, name: status.names.units[code] }))}
    />
  );
}

/** An assessor's units (its pre-check pairs and formal panels): one chosen, its notice read-only. */
export function RectificationUnits({
  api,
  round,
  units,
}: {
  api: Api;
  round: RoundInfo;
  units: { code: string; name?: string | undefined }[];
}) {
  const { t } = useI18n();
  const [chosen, setUnit] = useState('');
  const unit = units.find((u) => u.code === chosen) ?? units[0];
  if (!unit) return null;
  return (
    <>
      {units.length > 1 && (
        <p class="toolbar">
          <label for="rect-unit">{t('portal.col-unit')}</label>
          <select id="rect-unit" value={unit.code} onChange={(e) => setUnit(e.currentTarget.value)}>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.code} {u.name ?? ''}
              </option>
            ))}
          </select>
        </p>
      )}
      <RectificationView key={unit.code} api={api} round={round} unit={unit.code} name={unit.name} />
    </>
  );
}

/** The admin's section (admin-rectification.tsx), in this same chunk: one lazy chunk keeps the first load smallest. */
export { AdminRectification } from './admin-rectification.tsx';
