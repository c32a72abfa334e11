import { useRef, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { OutcomeDetails, StateBadge } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { UploadOutcome } from './types.ts';
import { DropZone, SendError, SendProgress, isSpreadsheet, sendFile } from './uploads.tsx';

interface Sent {
  key: number;
  name: string;
  progress: number;
  phase: 'sending' | 'checking' | 'done' | 'failed' | 'slow' | 'refused';
  outcome?: UploadOutcome;
  error?: unknown;
}

/**
 * The filled workbook's drop zone: sent the way every workbook goes in (`POST /rounds/{round}/uploads`,
 * then its outcome polled), its outcome shown under it — the issues by cell when it is refused.
 */
export function AnswerUpload({ api, round, onSettled }: { api: Api; round: string; onSettled: () => void }) {
  const { t, lang } = useI18n();
  const [sent, setSent] = useState<Sent[]>([]);
  const seq = useRef(0);
  const update = (key: number, patch: Partial<Sent>) =>
    setSent((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f)));
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
    const file = list?.[0];
    if (!file) return;
    const key = ++seq.current;
    const ok = isSpreadsheet(file.name);
    setSent((fs) => [{ key, name: file.name, progress: 0, phase: ok ? 'sending' : 'refused' }, ...fs]);
    if (ok) void send(file, key);
  };
  return (
    <div class="rect-upload">
      <DropZone
        inputId="rect-file"
        drop={t('portal.upload-drop')}
        hint={t('portal.notice-hint')}
        onFiles={add}
      />
      <ol class="files" aria-live="polite">
        {sent.map((f) => (
          <li key={f.key} class="file" data-state={f.outcome?.state ?? f.phase}>
            <div class="file-head">
              <span class="file-name">{f.name}</span>
              {f.outcome && <StateBadge state={f.outcome.state} />}
            </div>
            {(f.phase === 'sending' || f.phase === 'checking') && (
              <SendProgress name={f.name} checking={f.phase === 'checking'} fraction={f.progress} />
            )}
            {f.phase === 'refused' && <p class="error">{t('portal.upload-not-xlsx', { file: f.name })}</p>}
            {f.phase === 'slow' && <p class="muted">{t('portal.upload-slow')}</p>}
            {f.phase === 'failed' && <SendError error={f.error} />}
            {f.outcome?.state === 'rejected' && <OutcomeDetails o={f.outcome} />}
          </li>
        ))}
      </ol>
    </div>
  );
}
