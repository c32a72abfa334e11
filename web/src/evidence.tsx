import { useRef, useState } from 'preact/hooks';
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Api } from './api.ts';
import { DownloadButton, IssueList, StateBadge } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { RoundDetail, RoundInfo, UploadOutcome } from './types.ts';
import { DropZone, SendError, SendProgress, sendFile } from './uploads.tsx';
import { LoadState, useLoad } from './use-load.tsx';

type EvidenceList = ResponseOf<'GET /rounds/{round}/evidence'>;
type RoundRubric = ResponseOf<'GET /rounds/{round}/rubric'>;
type EvidenceFile = EvidenceList['files'][number];

/** A file on its way to an item ('' the unit as a whole). */
interface Sending {
  key: number;
  item: string;
  name: string;
  progress: number;
  phase: 'sending' | 'checking' | 'done' | 'failed' | 'slow';
  outcome?: UploadOutcome;
  error?: unknown;
}

const size = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`;

/**
 * A unit's evidence files (佐证材料) of a round, grouped by item (the unit as a whole first), each
 * with its kind, size, time, uploader and a download link. With `edit` (the unit itself, an admin)
 * every group has a drop zone, and another item is chosen from the round's rubric (its codes and
 * titles offered as the field's suggestions; the server still judges the code: 400
 * `api.evidence-item`, shown beside it) — as it judges each file's kind from its bytes (the refusal
 * shown beside the item).
 */
export function EvidenceView({
  api,
  round,
  unit,
  name,
  edit,
}: {
  api: Api;
  round: string;
  unit: string;
  name?: string;
  edit?: boolean;
}) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round);
  const list = useLoad(() => api.get<EvidenceList>(`/rounds/${r}/evidence`, { unit }), [api, r, unit]);
  // The round's rubric: each item's title, and the codes to choose from when attaching.
  const rubric = useLoad(() => api.get<RoundRubric>(`/rounds/${r}/rubric`, { lang }), [api, r, lang]);
  const leaves = (rubric.data?.nodes ?? []).filter((n) => n.leaf);
  const titleOf = (code: string) => leaves.find((n) => n.code === code)?.title ?? '';
  const [sending, setSending] = useState<Sending[]>([]);
  const [added, setAdded] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const seq = useRef(0);
  const files = list.data?.files ?? [];
  const items = [...new Set([...(edit ? [''] : []), ...files.map((f) => f.item ?? ''), ...added])].sort(
    (a, b) => a.localeCompare(b, 'en', { numeric: true }),
  );

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
      if (o?.state === 'accepted') await list.reload();
    } catch (e) {
      update(key, { phase: 'failed', error: e });
    }
  };

  return (
    <section class="ev" aria-labelledby={`ev-${unit}`}>
      <h2 id={`ev-${unit}`}>
        {t('portal.tab-evidence')} · <code>{unit}</code> {name ?? ''}
      </h2>
      <LoadState data={list.data} error={list.error} />
      {list.data && items.length === 0 && <p class="muted">{t('portal.evidence-none')}</p>}
      {items.map((item) => (
        <div key={item} class="ev-item">
          <h3>
            {item ? t('portal.evidence-item', { item }) : t('portal.evidence-unit-wide')}
            {item && titleOf(item) && <span class="muted small"> {titleOf(item)}</span>}
          </h3>
          <ul class="ev-files">
            {files
              .filter((f) => (f.item ?? '') === item)
              .map((f) => (
                <EvidenceRow key={f.id} api={api} r={r} f={f} />
              ))}
          </ul>
          {edit && (
            <DropZone
              inputId={`ev-${unit}-${item || 'unit'}`}
              multiple
              accept=""
              drop={t('portal.evidence-drop')}
              choose={t('portal.upload-choose')}
              hint=""
              onFiles={(l) => Array.from(l ?? []).forEach((f) => void send(f, item))}
            />
          )}
          {sending
            .filter((s) => s.item === item && s.outcome?.state !== 'accepted')
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
        </div>
      ))}
      {edit && (
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            if (code.trim()) setAdded((a) => [...a, code.trim()]);
            setCode('');
          }}
        >
          <label for={`ev-code-${unit}`}>{t('portal.evidence-code')}</label>
          <input
            id={`ev-code-${unit}`}
            value={code}
            placeholder="1.1.1"
            list={`ev-items-${unit}`}
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
          <datalist id={`ev-items-${unit}`}>
            {leaves.map((n) => (
              <option key={n.code} value={n.code}>
                {n.title}
              </option>
            ))}
          </datalist>
          <button type="submit">{t('portal.evidence-add')}</button>
        </form>
      )}
    </section>
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

/** The admin's evidence tab: a unit of the round chosen, its evidence, to read and to add to. */
export function AdminEvidence({ api, round }: { api: Api; round: RoundInfo }) {
  const { t } = useI18n();
  const detail = useLoad(
    () => api.get<RoundDetail>(`/rounds/${encodeURIComponent(round.round)}`),
    [api, round.round],
  );
  const units = detail.data?.roster?.units ?? [];
  const [chosen, setUnit] = useState('');
  const unit = units.find((u) => u.code === chosen) ?? units[0];
  return (
    <>
      <LoadState data={detail.data} error={detail.error} />
      <p class="toolbar">
        <label for="ev-unit">{t('portal.col-unit')}</label>
        <select id="ev-unit" value={unit?.code} onChange={(e) => setUnit(e.currentTarget.value)}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.code} {u.name}
            </option>
          ))}
        </select>
      </p>
      {unit && (
        <EvidenceView key={unit.code} api={api} round={round.round} unit={unit.code} name={unit.name} edit />
      )}
    </>
  );
}
