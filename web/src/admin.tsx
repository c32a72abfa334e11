import { useCallback, useEffect, useState } from 'preact/hooks';
import { actionsFrom, PHASE_ORDER, type PhaseAction } from '../../shared/api/phases.ts';
import {
  DEFAULT_RECONCILE_METHOD,
  RECONCILABLE_PHASES,
  RECONCILE_METHODS,
  ROUND_ID_PATTERN,
  type ReconPhase,
} from '../../shared/api/terms.ts';
import type { Api } from './api.ts';
import { AuditTab } from './audit.tsx';
import {
  DetailRow,
  DownloadButton,
  ErrorText,
  Head,
  IssuesToggle,
  useAction,
  useUploadDetail,
} from './components.tsx';
import { useI18n, type IssueJson, type Phase } from './i18n.ts';
import type {
  CreatedRound,
  RejectionRow,
  Results,
  RoundDetail,
  RoundInfo,
  RoundList,
  RoundStatus,
  SlotStatus,
} from './types.ts';

export type AdminTab = 'status' | 'rejections' | 'results' | 'downloads' | 'phases' | 'audit' | 'new-round';
const MARK = { accepted: '✓', rejected: '✗', missing: '–' } as const;
const TABS: AdminTab[] = ['status', 'rejections', 'results', 'downloads', 'phases', 'audit', 'new-round'];

/** The district admin's page: status matrix, rejections, results, downloads, phases, new rounds. */
export function AdminView({
  api,
  round,
  list,
  onRoundsChanged,
}: {
  api: Api;
  round: RoundInfo | undefined;
  list: RoundList;
  onRoundsChanged: (select?: string) => void;
}) {
  const { t } = useI18n();
  const [tab, setTab] = useState<AdminTab>(round ? 'status' : 'new-round');
  useEffect(() => {
    if (!round) setTab('new-round');
  }, [round]);
  const tabs = round ? TABS : (['new-round'] as AdminTab[]);
  return (
    <>
      <nav class="tabs" aria-label={t('portal.round')}>
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            class={tab === id ? 'tab active' : 'tab'}
            aria-current={tab === id ? 'page' : undefined}
            onClick={() => setTab(id)}
          >
            {t(`portal.tab-${id}`)}
          </button>
        ))}
      </nav>
      {round && tab === 'status' && <StatusMatrix api={api} round={round} />}
      {round && tab === 'rejections' && <Rejections api={api} round={round} />}
      {round && tab === 'results' && <ResultsTable api={api} round={round} />}
      {round && tab === 'downloads' && <Downloads api={api} round={round} />}
      {round && tab === 'phases' && <Phases api={api} round={round} onChanged={() => onRoundsChanged()} />}
      {round && tab === 'audit' && <AuditTab api={api} round={round} />}
      {tab === 'new-round' && (
        <NewRound
          api={api}
          list={list}
          onCreated={(id) => {
            onRoundsChanged(id);
            setTab('status');
          }}
        />
      )}
    </>
  );
}

/** The round's status, refreshed every few seconds while shown. */
function useStatus(api: Api, round: string) {
  const [status, setStatus] = useState<RoundStatus>();
  const [error, setError] = useState<unknown>();
  const [at, setAt] = useState<string>();
  const load = useCallback(async () => {
    try {
      setStatus(await api.get<RoundStatus>(`/rounds/${encodeURIComponent(round)}/status`));
      setAt(new Date().toISOString());
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [api, round]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, 5000);
    return () => clearInterval(timer);
  }, [load]);
  return { status, error, at, load };
}

function StatusMatrix({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, phase, time } = useI18n();
  const { status, error, at, load } = useStatus(api, round.round);
  const [outstanding, setOutstanding] = useState(false);
  if (!status) return error ? <ErrorText error={error} /> : <p class="muted">{t('portal.loading')}</p>;
  const units: string[] = [];
  const cells = new Map<string, SlotStatus[]>();
  for (const s of status.submissions) {
    if (!units.includes(s.unit)) units.push(s.unit);
    const k = `${s.unit}|${s.phase}`;
    cells.set(k, [...(cells.get(k) ?? []), s]);
  }
  const phases = PHASE_ORDER.filter((p) => status.submissions.some((s) => s.phase === p));
  const count = (p: Phase, st: SlotStatus['state']) =>
    status.submissions.filter((s) => s.phase === p && s.state === st).length;
  const shown = outstanding
    ? units.filter((u) => status.submissions.some((s) => s.unit === u && s.state !== 'accepted'))
    : units;
  const aName = (id: string) => status.names.assessors[id] ?? id;
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{t('portal.tab-status')}</h2>
      <ErrorText error={error} />
      <ul class="counts">
        {phases.map((p) => (
          <li key={p} data-phase={p}>
            <progress
              max={status.submissions.filter((s) => s.phase === p).length}
              value={count(p, 'accepted')}
              aria-label={phase(p)}
            />{' '}
            {t('portal.status-count', {
              phase: phase(p),
              accepted: count(p, 'accepted'),
              rejected: count(p, 'rejected'),
              missing: count(p, 'missing'),
              expected: status.submissions.filter((s) => s.phase === p).length,
            })}
            <span class="muted small"> ({t(`portal.phase-state-${status.phases[p]}`)})</span>
          </li>
        ))}
      </ul>
      <div class="toolbar">
        <Check checked={outstanding} onChange={setOutstanding} label={t('portal.status-filter')} />
        <button type="button" onClick={() => void load()}>
          {t('portal.refresh')}
        </button>
        <span class="muted small" aria-live="polite">
          {time(at)}
        </span>
      </div>
      <p class="legend">
        <span class="sr-only">{t('portal.status-legend')}: </span>
        {(['accepted', 'rejected', 'missing'] as const).map((st) => (
          <span key={st} class={`chip chip-${st}`}>
            <span aria-hidden="true">{MARK[st]}</span> {t(`portal.state-${st}`)}
          </span>
        ))}
      </p>
      <div class="table-wrap">
        <table class="matrix">
          <caption>{t('portal.status-caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.col-unit')}</th>
              {phases.map((p) => (
                <th key={p} scope="col">
                  {phase(p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u}>
                <th scope="row">
                  <code>{u}</code> <span class="unit-name">{status.names.units[u] ?? ''}</span>
                </th>
                {phases.map((p) => (
                  <td key={p}>
                    {(cells.get(`${u}|${p}`) ?? []).map((s) => (
                      <span
                        key={s.assessor}
                        class={`chip chip-${s.state}`}
                        data-slot={`${p}|${u}|${s.assessor}`}
                        title={t(`portal.state-${s.state}`)}
                      >
                        <span aria-hidden="true">{MARK[s.state]}</span>
                        {s.assessor ? <span class="who">{aName(s.assessor)}</span> : null}
                        <span class="sr-only">{t(`portal.state-${s.state}`)}</span>
                        {s.total != null ? <strong>{s.total}</strong> : null}
                      </span>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A labelled checkbox. */
function Check({
  checked,
  onChange,
  label,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
}) {
  return (
    <label>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />{' '}
      {label}
    </label>
  );
}

function Rejections({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, phase, time } = useI18n();
  const { status, error } = useStatus(api, round.round);
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
        <div class="table-wrap">
          <table>
            <Head
              cols={[
                'portal.col-time',
                'portal.col-unit',
                'portal.col-phase',
                'portal.col-assessor',
                'portal.col-issues',
              ]}
            />
            <tbody>
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
            </tbody>
          </table>
        </div>
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

function ResultsTable({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, lang } = useI18n();
  const [res, setRes] = useState<Results>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api
      .get<Results>(`/rounds/${encodeURIComponent(round.round)}/results`, { lang })
      .then(setRes)
      .catch(setError);
  }, [api, round.round, lang]);
  const cell = (x?: { total: number; complete: boolean }) =>
    x ? `${x.total}${x.complete ? '' : ` (${t('portal.results-pending')})`}` : '—';
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('portal.tab-results')}</h2>
      <ErrorText error={error} />
      {!res ? (
        !error && <p class="muted">{t('portal.loading')}</p>
      ) : res.units.length === 0 ? (
        <p class="muted">{t('portal.results-none')}</p>
      ) : (
        <>
          <p>
            {t('portal.results-agreement', {
              value: res.agreement.value === null ? '—' : res.agreement.value.toFixed(3),
            })}
          </p>
          <div class="table-wrap">
            <table>
              <Head
                cols={[
                  'portal.col-rank',
                  'portal.col-unit',
                  'portal.col-self',
                  'portal.col-precheck',
                  'portal.col-formal',
                  'portal.col-grade',
                  'portal.col-plaque',
                ]}
              />
              <tbody>
                {res.units.map((u) => (
                  <tr key={u.code}>
                    <td class="num">{u.rank ?? '—'}</td>
                    <th scope="row">
                      <code>{u.code}</code> {u.name}
                    </th>
                    <td class="num">{cell(u.self)}</td>
                    <td class="num">{cell(u.precheck)}</td>
                    <td class="num">{cell(u.formal)}</td>
                    <td>{u.formal?.gradeLabel ?? t('portal.results-pending')}</td>
                    <td>{u.plaque ? `✓ ${t('portal.results-plaque')}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Downloads({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, lang, phase } = useI18n();
  const r = encodeURIComponent(round.round);
  const [units, setUnits] = useState<{ code: string; name: string }[]>([]);
  const [unit, setUnit] = useState('');
  const [reconPhase, setReconPhase] = useState<ReconPhase>('formal');
  useEffect(() => {
    api
      .get<RoundDetail>(`/rounds/${r}`)
      .then((x) => {
        const assessed = new Set(x.roster?.assignments.map((a) => a.unit));
        const list = (x.roster?.units ?? []).filter((u) => assessed.has(u.code));
        setUnits(list);
        setUnit((cur) => cur || list[0]?.code || '');
      })
      .catch(() => setUnits([]));
  }, [api, r]);
  return (
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('portal.tab-downloads')}</h2>
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
        <div class="card">
          <h3>{t('portal.download-workbook')}</h3>
          <p class="muted">{t('portal.download-workbook-hint')}</p>
          <DownloadButton
            api={api}
            path={`/rounds/${r}/workbook`}
            query={{ lang }}
            label={t('portal.download-workbook')}
          />
        </div>
        <div class="card">
          <h3>{t('portal.download-feedback')}</h3>
          <p class="muted">{t('portal.download-feedback-hint')}</p>
          <DownloadButton
            api={api}
            path={`/rounds/${r}/feedback`}
            query={{ unit, lang }}
            label={`${t('portal.download-feedback')} ${unit}`}
          />
        </div>
        <div class="card">
          <h3>{t('portal.download-recon')}</h3>
          <p class="muted">{t('portal.download-recon-hint')}</p>
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
        </div>
        <div class="card">
          <h3>{t('portal.download-roster')}</h3>
          <DownloadButton
            api={api}
            path="/roster-template"
            query={{ lang }}
            label={t('portal.download-roster')}
          />
        </div>
      </div>
    </section>
  );
}

function Phases({ api, round, onChanged }: { api: Api; round: RoundInfo; onChanged: () => void }) {
  const { t, phase } = useI18n();
  const [confirm, setConfirm] = useState<{ p: Phase; action: PhaseAction }>();
  const { busy, error, run } = useAction();
  const act = () =>
    run(async () => {
      if (!confirm) return;
      await api.post(`/rounds/${encodeURIComponent(round.round)}/phases/${confirm.p}`, {
        action: confirm.action,
      });
      setConfirm(undefined);
      onChanged();
    });
  return (
    <section aria-labelledby="phases-title">
      <h2 id="phases-title">{t('portal.tab-phases')}</h2>
      <p class="muted">{t('portal.phases-hint')}</p>
      <ErrorText error={error} />
      <div class="table-wrap">
        <table>
          <Head cols={['portal.col-phase', 'portal.col-state', '']} />
          <tbody>
            {PHASE_ORDER.map((p) => (
              <tr key={p}>
                <th scope="row">{phase(p)}</th>
                <td>
                  <span class={`badge phase-${round.phases[p]}`}>
                    {t(`portal.phase-state-${round.phases[p]}`)}
                  </span>
                </td>
                <td class="actions">
                  {confirm?.p === p ? (
                    <span role="group" aria-label={t('portal.confirm', { action: '', phase: phase(p) })}>
                      {t('portal.confirm', {
                        action: t(`portal.phase-action-${confirm.action}`),
                        phase: phase(p),
                      })}{' '}
                      <button type="button" class="primary" disabled={busy} onClick={() => void act()}>
                        {t('portal.yes')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirm(undefined)}>
                        {t('portal.cancel')}
                      </button>
                    </span>
                  ) : (
                    actionsFrom(round.phases[p]).map((action) => (
                      <button key={action} type="button" onClick={() => setConfirm({ p, action })}>
                        {t(`portal.phase-action-${action}`)}
                        <span class="sr-only"> {phase(p)}</span>
                      </button>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });

function NewRound({ api, list, onCreated }: { api: Api; list: RoundList; onCreated: (id: string) => void }) {
  const { t, lang, phase, issue, text } = useI18n();
  const [id, setId] = useState(String(new Date().getFullYear()));
  // The district's own refinement of the rubric if there is one (e.g. dongcheng-sample), else the first.
  const [rules, setRules] = useState(
    (list.ruleSets ?? []).find((r) => r.id.startsWith(list.district))?.id ?? list.ruleSets?.[0]?.id ?? '',
  );
  const [method, setMethod] = useState<string>(DEFAULT_RECONCILE_METHOD);
  const [open, setOpen] = useState<Phase[]>(['self', 'precheck']);
  const [file, setFile] = useState<File>();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string>();
  const details = (error as { details?: IssueJson[] } | undefined)?.details;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    return run(async () => {
      const out = await api.post<CreatedRound>('/rounds', {
        round: id,
        rules,
        roster: await readBase64(file),
        open,
        method,
      });
      setDone(t('portal.new-round-created', { round: id, units: out.units, assessors: out.assessors }));
      onCreated(id);
    });
  };
  return (
    <section aria-labelledby="new-round-title">
      <h2 id="new-round-title">{t('portal.tab-new-round')}</h2>
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <form class="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('portal.new-round-id')}
          <input
            name="round"
            required
            pattern={ROUND_ID_PATTERN}
            value={id}
            onInput={(e) => setId((e.currentTarget as HTMLInputElement).value)}
            aria-describedby="round-id-hint"
          />
          <span id="round-id-hint" class="muted small">
            {t('portal.new-round-id-hint')}
          </span>
        </label>
        <label>
          {t('portal.new-round-rules')}
          <select
            name="rules"
            value={rules}
            onChange={(e) => setRules((e.currentTarget as HTMLSelectElement).value)}
          >
            {(list.ruleSets ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.title ? `${text(r.title)} (${r.id} v${r.version})` : r.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('portal.new-round-roster')}
          <input
            name="roster"
            type="file"
            required
            accept=".xlsx"
            aria-describedby="roster-hint"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0])}
          />
          <span id="roster-hint" class="muted small">
            {t('portal.new-round-roster-hint')}{' '}
            <DownloadButton api={api} path="/roster-template" query={{ lang }} label="">
              {t('portal.download-roster')}
            </DownloadButton>
          </span>
        </label>
        <label>
          {t('portal.new-round-method')}
          <select
            name="method"
            value={method}
            onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value)}
          >
            {RECONCILE_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`portal.method-${m}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('portal.new-round-open')}</legend>
          {PHASE_ORDER.map((p) => (
            <label key={p} class="inline">
              <input
                type="checkbox"
                checked={open.includes(p)}
                onChange={(e) =>
                  setOpen((cur) =>
                    (e.currentTarget as HTMLInputElement).checked ? [...cur, p] : cur.filter((x) => x !== p),
                  )
                }
              />{' '}
              {phase(p)}
            </label>
          ))}
        </fieldset>
        <ErrorText error={error} />
        {details && details.length > 0 && (
          <ul class="issues">
            {details.map((d, i) => (
              <li key={i}>{issue(d)}</li>
            ))}
          </ul>
        )}
        <p>
          <button type="submit" class="primary" disabled={busy || !file || !rules} aria-busy={busy}>
            {t('portal.new-round-create')}
          </button>
        </p>
      </form>
    </section>
  );
}
