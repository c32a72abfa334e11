import { useRef, useState } from 'preact/hooks';
import { ApiFailure, postFile, type Api } from './api.ts';
import {
  DetailRow,
  ErrorText,
  IssuesToggle,
  OutcomeDetails,
  StateBadge,
  Table,
  useUploadDetail,
} from './components.tsx';
import { useI18n } from './i18n.ts';
import type { UploadOutcome, UploadSlot, UploadSummary } from './types.ts';

/** Spreadsheets go to the server, which explains what is wrong with them; other files stay here. */
const SPREADSHEET = /\.(xlsx|xlsm|xls|et|ods|csv)$/i;

interface Tracked {
  key: number;
  name: string;
  progress: number;
  phase: 'sending' | 'checking' | 'done' | 'failed' | 'slow' | 'refused';
  outcome?: UploadOutcome;
  error?: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the server should see a file: a spreadsheet (it explains what is wrong with it), not a PDF. */
export const isSpreadsheet = (name: string) => SPREADSHEET.test(name);

/**
 * Uploads one file the way every workbook goes in: asks `slotPath` for an upload slot (declaring the
 * size, so a file over the limit is refused (413) before it is sent), POSTs the file with the slot's
 * presigned fields reporting progress, then polls its outcome until ingest has settled it. Undefined
 * when it is still being checked after two minutes.
 */
export async function sendFile(
  api: Api,
  slotPath: string,
  file: File,
  lang: string,
  onProgress: (p: number | 'checking') => void,
  /** Added to the slot's request (an evidence file's unit and item). */
  extra: Record<string, unknown> = {},
): Promise<UploadOutcome | undefined> {
  const slot = await api.post<UploadSlot>(slotPath, { ...extra, fileName: file.name, size: file.size });
  await postFile(slot, file, file.name, onProgress);
  onProgress('checking');
  const started = Date.now();
  for (let wait = 50; Date.now() - started < 120_000; wait = Math.min(wait * 1.6, 2000)) {
    await sleep(wait);
    const o = await api.get<UploadOutcome>(`/uploads/${slot.uploadId}`, { lang });
    if (o.state !== 'pending') return o;
  }
  return undefined;
}

/** A drop target with a "choose files" button (the file input itself is visually hidden). */
export function DropZone({
  inputId,
  multiple,
  drop,
  choose,
  hint,
  accept,
  onFiles,
}: {
  inputId: string;
  /** The file chooser's filter; .xlsx unless given ('' for any file). */
  accept?: string;
  multiple?: boolean;
  drop: string;
  /** The button's words; "choose files" unless given. */
  choose?: string;
  hint: string;
  onFiles: (files: FileList | null) => void;
}) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      class={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onFiles(e.dataTransfer?.files ?? null);
      }}
    >
      <p>
        {drop}{' '}
        <button type="button" class="primary" onClick={() => input.current?.click()}>
          {choose ?? t('portal.upload-choose')}
        </button>
      </p>
      <p class="muted">{hint}</p>
      <input
        ref={input}
        id={inputId}
        type="file"
        multiple={multiple}
        accept={accept ?? '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}
        class="sr-only"
        tabIndex={-1}
        aria-label={choose ?? t('portal.upload-choose')}
        onChange={(e) => {
          onFiles((e.currentTarget as HTMLInputElement).files);
          (e.currentTarget as HTMLInputElement).value = '';
        }}
      />
    </div>
  );
}

/** A file on its way: the share sent, then "checking" while ingest reads it. */
export function SendProgress({
  name,
  checking,
  fraction,
}: {
  name: string;
  checking: boolean;
  fraction: number;
}) {
  const { t } = useI18n();
  return (
    <div class="progress">
      <progress max={1} value={checking ? undefined : fraction} aria-label={name} />
      <span>
        {checking
          ? t('portal.upload-checking')
          : t('portal.upload-sending', { percent: Math.round(fraction * 100) })}
      </span>
    </div>
  );
}

/**
 * Workbooks sent into a round's upload slots (`POST /rounds/{round}/uploads`), each POSTed with its
 * presigned form fields with a progress bar and its outcome polled until ingest has settled it;
 * `add` takes one file (`single`) or all of them, newest first.
 */
export function useSentFiles(api: Api, round: string, onSettled: () => void, single = false) {
  const { lang } = useI18n();
  const [files, setFiles] = useState<Tracked[]>([]);
  const seq = useRef(0);

  const update = (key: number, patch: Partial<Tracked>) =>
    setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const send = async (file: File, key: number) => {
    try {
      const o = await sendFile(api, `/rounds/${encodeURIComponent(round)}/uploads`, file, lang, (p) =>
        update(key, p === 'checking' ? { progress: 1, phase: 'checking' } : { progress: p }),
      );
      if (!o) return update(key, { phase: 'slow' });
      update(key, { phase: 'done', outcome: o });
      onSettled();
    } catch (e) {
      update(key, { phase: 'failed', error: e });
    }
  };

  const add = (list: FileList | null) => {
    if (!list) return;
    const fresh: Tracked[] = [];
    for (const file of Array.from(list).slice(0, single ? 1 : undefined)) {
      const key = ++seq.current;
      const ok = isSpreadsheet(file.name);
      fresh.push({ key, name: file.name, progress: 0, phase: ok ? 'sending' : 'refused' });
      if (ok) void send(file, key);
    }
    setFiles((fs) => [...fresh.reverse(), ...fs]);
  };
  return { files, add };
}

/**
 * The files sent, each with its progress, then its outcome. `scored`: sheets with a total (shown in
 * the badge, with the outcome's details either way); otherwise details only of a refusal.
 */
export function SentFiles({ files, scored }: { files: Tracked[]; scored: boolean }) {
  const { t } = useI18n();
  return (
    <ol class="files" aria-live="polite">
      {files.map((f) => (
        <li key={f.key} class="file" data-state={f.outcome?.state ?? f.phase}>
          <div class="file-head">
            <span class="file-name">{f.name}</span>
            {f.outcome ? (
              <StateBadge state={f.outcome.state} total={scored ? f.outcome.total : undefined} />
            ) : null}
          </div>
          {f.phase === 'sending' || f.phase === 'checking' ? (
            <SendProgress name={f.name} checking={f.phase === 'checking'} fraction={f.progress} />
          ) : null}
          {f.phase === 'refused' && <p class="error">{t('portal.upload-not-xlsx', { file: f.name })}</p>}
          {f.phase === 'slow' && <p class="muted">{t('portal.upload-slow')}</p>}
          {f.phase === 'failed' && <SendError error={f.error} />}
          {f.outcome && (scored || f.outcome.state === 'rejected') && <OutcomeDetails o={f.outcome} />}
        </li>
      ))}
    </ol>
  );
}

/** Drag-and-drop (or choose) one or many score sheets of the round (useSentFiles, SentFiles). */
export function UploadZone({ api, round, onSettled }: { api: Api; round: string; onSettled: () => void }) {
  const { t } = useI18n();
  const { files, add } = useSentFiles(api, round, onSettled);
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">{t('portal.upload-title')}</h2>
      <DropZone
        inputId="file-input"
        multiple
        drop={t('portal.upload-drop')}
        hint={t('portal.upload-hint')}
        onFiles={add}
      />
      <SentFiles files={files} scored />
    </section>
  );
}

/** Why a file could not be sent: the API's refusal in words, or the network's failure. */
export function SendError({ error }: { error: unknown }) {
  const { t } = useI18n();
  return error instanceof ApiFailure ? (
    <ErrorText error={error} />
  ) : (
    <p class="error" role="alert">
      {t('portal.upload-failed', { detail: error instanceof Error ? error.message : '' })}
    </p>
  );
}

/** The caller's own uploads in this round, newest first; rejected ones open to their issues. */
export function MyUploads({ api, uploads }: { api: Api; uploads: UploadSummary[] }) {
  const { t, time, phase } = useI18n();
  return (
    <section aria-labelledby="my-uploads-title">
      <h2 id="my-uploads-title">{t('portal.my-uploads')}</h2>
      {uploads.length === 0 ? (
        <p class="muted">{t('portal.my-uploads-none')}</p>
      ) : (
        <Table
          cols={[
            'portal.col-time',
            'portal.col-file',
            'portal.col-phase',
            'portal.col-state',
            'portal.col-grade',
          ]}
          stack
        >
          {[...uploads].reverse().map((u) => (
            <UploadRow key={u.uploadId} api={api} u={u} time={time} phase={phase} />
          ))}
        </Table>
      )}
    </section>
  );
}

function UploadRow({
  api,
  u,
  time,
  phase,
}: {
  api: Api;
  u: UploadSummary;
  time: (s: string) => string;
  phase: (p: string) => string;
}) {
  const { t } = useI18n();
  const { open, toggle, detail, error } = useUploadDetail(api, u.uploadId);
  return (
    <>
      <tr>
        <td data-label={t('portal.col-time')}>{time(u.createdAt)}</td>
        <td data-label={t('portal.col-file')} class="wrap">
          {u.fileName}
        </td>
        <td data-label={t('portal.col-phase')}>{u.phase ? `${phase(u.phase)} · ${u.unit ?? ''}` : ''}</td>
        <td data-label={t('portal.col-state')}>
          <StateBadge state={u.state} total={u.total} />
          {u.state === 'rejected' && (
            <IssuesToggle open={open} count={u.issueCount} onClick={() => void toggle()} />
          )}
        </td>
        <td data-label={t('portal.col-grade')}>{u.gradeLabel ?? ''}</td>
      </tr>
      {open && <DetailRow span={5} detail={detail} error={error} />}
    </>
  );
}
