import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { Downloads } from './admin-downloads.tsx';
import { NewRound } from './admin-new-round.tsx';
import { Phases } from './admin-phases.tsx';
import { Rejections } from './admin-rejections.tsx';
import { ResultsTable } from './admin-results.tsx';
import { StatusMatrix } from './admin-status.tsx';
import { AuditTab } from './admin-audit.tsx';
import { CalibrationTab } from './admin-calibration.tsx';
import { RubricsTab } from './admin-rubrics.tsx';
import { useI18n } from './i18n.ts';
import type { RoundInfo, RoundList } from './types.ts';
import { lazyView } from './lazy.tsx';

/** The evidence tab: its own chunk, fetched when first opened. */
const AdminEvidence = lazyView(() => import('./evidence.tsx').then((m) => m.AdminEvidence));
/** The sign-in accounts tab: its own chunk, fetched when first opened. */
const AccountsTab = lazyView(() => import('./admin-accounts.tsx').then((m) => m.AccountsTab));

/**
 * The district admin's page: one tab per file (admin-status, -rejections, -results, -downloads,
 * -phases, admin-audit, admin-rubrics, admin-new-round, admin-calibration), each loading its data
 * with `useLoad` (use-load.tsx).
 */
export type AdminTab =
  | 'status'
  | 'rejections'
  | 'results'
  | 'downloads'
  | 'calibration'
  | 'phases'
  | 'audit'
  | 'evidence'
  | 'accounts'
  | 'rubrics'
  | 'new-round';
const TABS: AdminTab[] = [
  'status',
  'rejections',
  'results',
  'downloads',
  'evidence',
  'phases',
  'audit',
  'accounts',
  'rubrics',
  'new-round',
];
/**
 * A calibration round (校准) has no results, workbook, feedback or reconciliation sheets of units:
 * its report takes their place; the evidence tab holds the cases' evidence.
 */
const CALIBRATION_TABS: AdminTab[] = [
  'status',
  'rejections',
  'calibration',
  // The reference cases' evidence (photos, documents), which every assessor of the round can read.
  'evidence',
  'phases',
  'audit',
  'accounts',
  'rubrics',
  'new-round',
];
/** Without a round yet: the rubrics (to refine one first) and the new round. */
const FIRST_TABS: AdminTab[] = ['rubrics', 'new-round'];

/** The district admin's page: status matrix, rejections, results, downloads, phases, rubrics, new rounds. */
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
  const tabs = !round ? FIRST_TABS : round.kind === 'calibration' ? CALIBRATION_TABS : TABS;
  useEffect(() => {
    if (!round) setTab('new-round');
    // Another kind of round chosen: a tab it does not have falls back to the status.
    else if (!tabs.includes(tab)) setTab('status');
  }, [round]);
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
      {round && tab === 'results' && tabs.includes(tab) && <ResultsTable api={api} round={round} />}
      {round && tab === 'downloads' && tabs.includes(tab) && <Downloads api={api} round={round} />}
      {round && tab === 'phases' && <Phases api={api} round={round} onChanged={() => onRoundsChanged()} />}
      {round && tab === 'audit' && <AuditTab api={api} round={round} />}
      {round && tab === 'accounts' && <AccountsTab api={api} round={round} />}
      {round && tab === 'evidence' && tabs.includes(tab) && <AdminEvidence api={api} round={round} />}
      {round && tab === 'calibration' && tabs.includes(tab) && (
        <CalibrationTab key={round.round} api={api} round={round} list={list} />
      )}
      {tab === 'rubrics' && <RubricsTab api={api} onStored={() => onRoundsChanged()} />}
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
