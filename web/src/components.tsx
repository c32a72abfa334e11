import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SlotState, UploadState } from '../../shared/api/terms.ts';
import { ApiFailure, download, type Api } from './api.ts';
import { useI18n, type IssueJson } from './i18n.ts';
import type { Link, UploadOutcome } from './types.ts';

/** An error in words, announced to screen readers. */
export function ErrorText({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const text =
    error instanceof ApiFailure
      ? error.text(lang)
      : t('portal.error', { detail: error instanceof Error ? error.message : String(error) });
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

/** A mark for every state an upload or a slot can be in (the contract's UPLOAD_STATES, SLOT_STATES). */
const MARK = {
  accepted: '✓',
  rejected: '✗',
  missing: '–',
  pending: '…',
  duplicate: '=',
} as const satisfies Record<UploadState | SlotState, string>;

/** A sheet's state as a coloured chip with a mark and a word (never colour alone). */
export function StateBadge({ state, total }: { state: keyof typeof MARK; total?: number | null }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-${state}`}>
      <span aria-hidden="true">{MARK[state]} </span>
      {t(`portal.state-${state}`)}
      {total != null && (state === 'accepted' || state === 'duplicate')
        ? ` · ${t('portal.points', { total })}`
        : ''}
    </span>
  );
}

/** Issues with sheet, cell and item, in the page's language. */
export function IssueList({ issues }: { issues: IssueJson[] }) {
  const { issue } = useI18n();
  return (
    <ul class="issues">
      {issues.map((i, n) => (
        <li key={n} class={`sev-${i.severity}`}>
          {i.cell ? <code class="cell">{i.cell}</code> : null}
          {issue(i)}
        </li>
      ))}
    </ul>
  );
}

/** What became of one upload: score and categories, or the issues and the annotated workbook. */
export function OutcomeDetails({ o }: { o: UploadOutcome }) {
  const { t } = useI18n();
  if (o.state === 'accepted' || o.state === 'duplicate')
    return (
      <div class="outcome ok">
        <p>
          <strong>
            {o.state === 'accepted'
              ? t('portal.upload-accepted', { total: o.total ?? 0 })
              : t('portal.upload-duplicate', { total: o.total ?? 0 })}
          </strong>{' '}
          {o.gradeLabel ? t('portal.upload-grade', { grade: o.gradeLabel }) : t('portal.upload-incomplete')}
        </p>
        {o.categories.length > 0 && (
          <table class="compact">
            <caption>{t('portal.categories')}</caption>
            <tbody>
              {o.categories.map((c) => (
                <tr key={c.code}>
                  <th scope="row">
                    {c.code} {c.title}
                  </th>
                  <td class="num">{c.na ? t('cli.na') : `${c.score} / ${c.max}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    );
  if (o.state === 'rejected')
    return (
      <div class="outcome bad">
        <p>
          <strong>{t('portal.upload-rejected', { count: o.issues?.length ?? o.issueCount })}</strong>
        </p>
        {o.issues && <IssueList issues={o.issues} />}
        {o.annotatedUrl && (
          <p>
            <a class="button" href={o.annotatedUrl} download>
              {t('portal.upload-annotated')}
            </a>
          </p>
        )}
      </div>
    );
  return <p class="muted">{t('portal.upload-checking')}</p>;
}

/** Runs one action at a time, keeping whether it is busy and what went wrong (cleared on each run). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** A button that asks the API for a presigned link, then downloads it. */
export function DownloadButton({
  api,
  path,
  query,
  label,
  children,
}: {
  api: Api;
  path: string;
  query: Record<string, string | undefined>;
  label: string;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      const link = await api.get<Link>(path, query);
      download(link.url, link.fileName);
    });
  return (
    <span class="download">
      <button type="button" onClick={() => void go()} disabled={busy} aria-busy={busy}>
        {busy ? t('portal.download-preparing') : (children ?? t('portal.download'))}
        <span class="sr-only"> {label}</span>
      </button>
      <ErrorText error={error} />
    </span>
  );
}

/** A table's header row: one column header per catalogue code ('' for an unlabelled column). */
export function Head({ cols }: { cols: string[] }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        {cols.map((c, i) => (
          <th key={i} scope="col">
            {c ? t(c) : ''}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * A table in its own scrolling frame: the header row from catalogue codes, then the rows given.
 * `stack` folds each row into a label–value list on a phone (cells carry `data-label`).
 */
export function Table({
  cols,
  stack,
  children,
}: {
  cols: string[];
  stack?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={stack ? 'stack' : undefined}>
        <Head cols={cols} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row that opens to an upload's outcome (issues and annotated workbook), fetched on first open. */
export function useUploadDetail(api: Api, uploadId: string) {
  const { lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<UploadOutcome>();
  const [error, setError] = useState<unknown>();
  const toggle = async () => {
    setOpen(!open);
    if (open || detail) return;
    try {
      setDetail(await api.get<UploadOutcome>(`/uploads/${uploadId}`, { lang }));
    } catch (e) {
      setError(e);
    }
  };
  return { open, toggle, detail, error };
}

/** The button that opens or closes an upload's issues. */
export function IssuesToggle({
  open,
  count,
  onClick,
}: {
  open: boolean;
  count: number;
  onClick: () => void;
}) {
  const { t } = useI18n();
  return (
    <button type="button" class="link" aria-expanded={open} onClick={onClick}>
      {open ? t('portal.hide-issues') : t('portal.show-issues')} ({count})
    </button>
  );
}

/** The opened row under an upload: its file name and outcome, or what went wrong fetching it. */
export function DetailRow({
  span,
  detail,
  error,
  fileName,
}: {
  span: number;
  detail: UploadOutcome | undefined;
  error: unknown;
  fileName?: boolean;
}) {
  const { t } = useI18n();
  return (
    <tr class="detail">
      <td colSpan={span}>
        <ErrorText error={error} />
        {detail ? (
          <>
            {fileName && <p class="muted small">{detail.fileName}</p>}
            <OutcomeDetails o={detail} />
          </>
        ) : (
          !error && <p class="muted">{t('portal.loading')}</p>
        )}
      </td>
    </tr>
  );
}

/** A labelled checkbox. */
export function Check({
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
