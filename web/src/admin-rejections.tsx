import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { Check, DetailRow, ErrorText, IssuesToggle, Table, useUploadDetail } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { RejectionRow, RoundInfo } from './types.ts';
import { useStatus } from './admin-status.tsx';

/** The admin's rejections tab: every refused sheet of the round (open ones first by default), issues on demand. */
export function Rejections({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, phase, time } = useI18n();
  const { data: status, error } = useStatus(api, round.round);
  const [onlyOpen, setOnlyOpen] = useState(true);
  const rows = (status?.rejections ?? []).filter((r) => !onlyOpen || r.open);
  return (
    <section aria-labelledby="rejections-title">
      <h2 id="rejections-title">{t('portal.tab-rejections')}</h2>
      <ErrorText error={error} />
      <div class="toolbar">
        <Check checked={onlyOpen} onChange={setOnlyOpen} label={t('portal.rejections-only-open')} />
      </div>
      {rows.length === 0 ? (
        <p class="muted">{t('portal.rejections-none')}</p>
      ) : (
        <Table
          cols={[
            'portal.col-time',
            'portal.col-unit',
            'portal.col-phase',
            'portal.col-assessor',
            'portal.col-issues',
          ]}
        >
          {rows.map((r) => (
            <RejectionLine
              key={r.uploadId}
              api={api}
              r={r}
              unitName={status?.names.units[r.unit ?? ''] ?? ''}
              assessorName={status?.names.assessors[r.assessor ?? ''] ?? r.assessor ?? ''}
              phase={phase}
              time={time}
            />
          ))}
        </Table>
      )}
    </section>
  );
}

function RejectionLine(p: {
  api: Api;
  r: RejectionRow;
  unitName: string;
  assessorName: string;
  phase: (x: string) => string;
  time: (x: string) => string;
}) {
  const { t } = useI18n();
  const { open, toggle, detail, error } = useUploadDetail(p.api, p.r.uploadId);
  return (
    <>
      <tr>
        <td>{p.time(p.r.receivedAt)}</td>
        <td>
          {p.r.unit ? <code>{p.r.unit}</code> : '—'} {p.unitName}
        </td>
        <td>{p.r.phase ? p.phase(p.r.phase) : '—'}</td>
        <td>{p.assessorName || '—'}</td>
        <td>
          <span class={p.r.open ? 'badge badge-rejected' : 'badge badge-accepted'}>
            {p.r.open ? t('portal.rejection-open') : t('portal.rejection-resolved')}
          </span>{' '}
          <IssuesToggle open={open} count={p.r.issueCount} onClick={() => void toggle()} />
        </td>
      </tr>
      {open && <DetailRow span={5} detail={detail} error={error} fileName />}
    </>
  );
}
