import { useRef, useState } from 'preact/hooks';
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Api } from './api.ts';
import { DownloadButton, IssueList, StateBadge } from './components.tsx';
import { useI18n, type IssueJson } from './i18n.ts';
import type { MyUploadList, UploadOutcome } from './types.ts';
import { DropZone, SendError, SendProgress, sendFile } from './uploads.tsx';
import { useLoad } from './use-load.tsx';

export type EvidenceFile = ResponseOf<'GET /rounds/{round}/evidence'>['files'][number];

/** A file on its way to an item ('' the unit as a whole), sent in this page. */
export interface Sending {
  key: number;
  item: string;
  name: string;
  progress: number;
  phase: 'sending' | 'checking' | 'done' | 'failed' | 'slow';
  outcome?: UploadOutcome;
  error?: unknown;
}

/** An evidence file the server refused earlier (the caller's own upload), with its reasons. */
export interface Refusal {
  uploadId: string;
  item: string;
  name: string;
  issues: IssueJson[];
}

const size = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`;

/**
 * Sends evidence files of `unit` the way every upload goes (uploads.tsx `sendFile`: a presigned POST,
 * then its outcome polled), keeping each file's progress and outcome; `onAccepted` once one is stored.
 */
export function useSender(api: Api, r: string, unit: string, onAccepted: () => Promise<void>) {
  const { lang } = useI18n();
  const [sending, setSending] = useState<Sending[]>([]);
  const seq = useRef(0);
  const update = (key: number, patch: Partial<Sending>) =>
    setSending((s) => s.map((f) => (f.key === key ? { ...f, ...patch } : f)));
  const send = async (file: File, item: string) => {
    const key = ++seq.current;
    setSending((s) => [...s, { key, item, name: file.name, progress: 0, phase: 'sending' }]);
    try {
      const o = await sendFile(
        api,
        `/rounds/${r}/evidence`,
        file,
        lang,
        (p) => update(key, p === 'checking' ? { progress: 1, phase: 'checking' } : { progress: p }),
        { unit, ...(item ? { item } : {}) },
      );
      update(key, o ? { phase: 'done', outcome: o } : { phase: 'slow' });
      if (o?.state === 'accepted') await onAccepted();
    } catch (e) {
      update(key, { phase: 'failed', error: e });
    }
  };
  return { sending, send };
}

/**
 * The caller's earlier refused evidence files of `unit` (its own uploads, `GET /rounds/{round}/uploads`),
 * each with its reasons in the page's language (`GET /uploads/{id}`); none unless `mine`.
 */
export function useRefusals(api: Api, r: string, unit: string, mine: boolean) {
  const { lang } = useI18n();
  return useLoad(async (): Promise<Refusal[]> => {
    if (!mine) return [];
    const { uploads } = await api.get<MyUploadList>(`/rounds/${r}/uploads`, { lang });
    const refused = uploads.filter((u) => u.state === 'rejected' && u.evidence?.unit === unit);
    return Promise.all(
      refused.map(async (u) => {
        const o = await api.get<UploadOutcome>(`/uploads/${u.uploadId}`, { lang });
        return {
          uploadId: u.uploadId,
          item: u.evidence?.item ?? '',
          name: u.fileName,
          issues: o.issues ?? [],
        };
      }),
    );
  }, [api, r, unit, mine, lang]);
}

/**
 * One item's evidence: its stored files with downloads, the refusals beside them (earlier ones and
 * those of this page, in the page's language), and with `onFiles` a drop zone and file chooser.
 */
export function ItemFiles({
  api,
  r,
  inputId,
  files,
  refusals,
  sending,
  drop,
  onFiles,
}: {
  api: Api;
  r: string;
  inputId: string;
  files: EvidenceFile[];
  refusals: Refusal[];
  sending: Sending[];
  drop: string;
  onFiles?: (files: File[]) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {files.length > 0 && (
        <ul class="ev-files">
          {files.map((f) => (
            <EvidenceRow key={f.id} api={api} r={r} f={f} />
          ))}
        </ul>
      )}
      {refusals.map((x) => (
        <div key={x.uploadId} class="ev-sending" data-state="rejected">
          <span class="file-name">{x.name}</span> <StateBadge state="rejected" />
          <IssueList issues={x.issues} />
        </div>
      ))}
      {sending
        .filter((s) => s.outcome?.state !== 'accepted')
        .map((s) => (
          <div key={s.key} class="ev-sending" data-state={s.outcome?.state ?? s.phase}>
            <span class="file-name">{s.name}</span> {s.outcome && <StateBadge state={s.outcome.state} />}
            {(s.phase === 'sending' || s.phase === 'checking') && (
              <SendProgress name={s.name} checking={s.phase === 'checking'} fraction={s.progress} />
            )}
            {s.phase === 'slow' && <p class="muted">{t('portal.upload-checking')}</p>}
            {s.phase === 'failed' && <SendError error={s.error} />}
            {s.outcome?.issues && <IssueList issues={s.outcome.issues} />}
          </div>
        ))}
      {onFiles && (
        <DropZone
          inputId={inputId}
          multiple
          accept=""
          drop={drop}
          choose={t('portal.upload-choose')}
          hint=""
          onFiles={(l) => onFiles(Array.from(l ?? []))}
        />
      )}
    </>
  );
}

/** One stored file: its name, then kind, size, time and uploader, and its download link. */
function EvidenceRow({ api, r, f }: { api: Api; r: string; f: EvidenceFile }) {
  const { t, time } = useI18n();
  return (
    <li>
      <span class="file-name">{f.fileName}</span>{' '}
      <span class="muted small">
        {f.type.toUpperCase()} · {size(f.size)} · {time(f.uploadedAt)} · {t(`portal.role-${f.by.role}`)}{' '}
        {f.by.ref}
      </span>{' '}
      <DownloadButton api={api} path={`/rounds/${r}/evidence/${f.id}`} query={{}} label={f.fileName} />
    </li>
  );
}
