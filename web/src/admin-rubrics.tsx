import { useRef, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { DownloadButton, StateBadge, Table } from './components.tsx';
import { useI18n, type IssueJson } from './i18n.ts';
import type { RubricInfo, RubricList, UploadOutcome } from './types.ts';
import { DropZone, isSpreadsheet, SendError, SendProgress, sendFile } from './uploads.tsx';
import { LoadState, useLoad } from './use-load.tsx';

/**
 * The admin's rubrics tab (细则): every stored version with the rounds that pin it and a link to its
 * workbook, the blank workbook, and the upload of an edited workbook — checked cell by cell by the
 * server, stored as a new version or explained issue by issue.
 */
export function RubricsTab({ api, onStored }: { api: Api; onStored: () => void }) {
  const { t, lang } = useI18n();
  const { data, error, reload } = useLoad(() => api.get<RubricList>('/rubrics'), [api]);
  return (
    <>
      <section aria-labelledby="rubrics-title">
        <h2 id="rubrics-title">{t('portal.tab-rubrics')}</h2>
        <p class="muted">{t('portal.rubrics-intro')}</p>
        <p>
          <DownloadButton api={api} path="/rubric-template" query={{ lang }} label="">
            {t('portal.rubrics-blank')}
          </DownloadButton>
        </p>
        <LoadState data={data} error={error} />
        {data &&
          (data.rubrics.length === 0 ? (
            <p class="muted">{t('portal.rubrics-none')}</p>
          ) : (
            <RubricTable api={api} rubrics={data.rubrics} />
          ))}
      </section>
      <RubricUpload
        api={api}
        onStored={() => {
          void reload();
          onStored();
        }}
      />
    </>
  );
}

/** One row per stored version, by id then version. */
function RubricTable({ api, rubrics }: { api: Api; rubrics: RubricInfo[] }) {
  const { t, lang, text, time } = useI18n();
  const cols = [
    'portal.rubric-col-id',
    'portal.rubric-col-version',
    'portal.rubric-col-title',
    'portal.rubric-col-size',
    'portal.rubric-col-origin',
    'portal.rubric-col-created',
    'portal.rubric-col-rounds',
    'portal.rubric-col-workbook',
  ];
  const label = (n: number) => t(cols[n]!);
  return (
    <div class="nowrap-head">
      <Table cols={cols} stack>
        {rubrics.map((r) => (
          <tr key={`${r.id}@${r.version}`} data-rubric={`${r.id}@${r.version}`}>
            <td data-label={label(0)}>
              <code>{r.id}</code>
            </td>
            <td data-label={label(1)} class="nowrap">
              v{r.version}
            </td>
            <td data-label={label(2)}>
              {text(r.title)}
              {r.base && (
                <div class="muted small">
                  {t('portal.rubric-base', { id: r.base.id, version: r.base.version })}
                </div>
              )}
            </td>
            <td data-label={label(3)} class="nowrap">
              {t('portal.rubric-size', { items: r.items, scale: r.scale })}
            </td>
            <td data-label={label(4)}>
              <span class="nowrap">{t(`portal.rubric-origin-${r.origin}`)}</span>
              {r.fileName && <div class="muted small">{r.fileName}</div>}
            </td>
            <td data-label={label(5)}>
              {r.createdBy}
              <div class="muted small nowrap">{time(r.createdAt)}</div>
            </td>
            <td data-label={label(6)}>
              {r.rounds.length === 0 ? (
                <span class="muted">{t('portal.rubric-unused')}</span>
              ) : (
                <>
                  {r.rounds.join(', ')}
                  <div>
                    <span class="badge badge-duplicate">
                      <span aria-hidden="true">🔒 </span>
                      {t('portal.rubric-in-use')}
                    </span>
                  </div>
                </>
              )}
            </td>
            <td data-label={label(7)} class="nowrap">
              <DownloadButton
                api={api}
                path={`/rubrics/${encodeURIComponent(r.id)}/${r.version}/workbook`}
                query={{ lang }}
                label={`${r.id} v${r.version}`}
              />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

interface Attempt {
  key: number;
  name: string;
  phase: 'sending' | 'checking' | 'done' | 'failed' | 'slow' | 'refused';
  progress: number;
  outcome?: UploadOutcome;
  error?: unknown;
}

/** The upload of one rubric workbook at a time, through the same slot-and-poll path as score sheets. */
function RubricUpload({ api, onStored }: { api: Api; onStored: () => void }) {
  const { t, lang } = useI18n();
  const [attempt, setAttempt] = useState<Attempt>();
  const seq = useRef(0);
  const add = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    const key = ++seq.current;
    // Only the latest attempt is shown: an earlier one still running does not overwrite it.
    const update = (patch: Partial<Attempt>) =>
      setAttempt((a) => (a && a.key === key ? { ...a, ...patch } : a));
    if (!isSpreadsheet(file.name)) return setAttempt({ key, name: file.name, phase: 'refused', progress: 0 });
    setAttempt({ key, name: file.name, phase: 'sending', progress: 0 });
    void (async () => {
      try {
        const o = await sendFile(api, '/rubrics/uploads', file, lang, (p) =>
          update(p === 'checking' ? { phase: 'checking', progress: 1 } : { progress: p }),
        );
        if (!o) return update({ phase: 'slow' });
        update({ phase: 'done', outcome: o });
        if (o.state === 'accepted') onStored();
      } catch (e) {
        update({ phase: 'failed', error: e });
      }
    })();
  };
  const a = attempt;
  return (
    <section aria-labelledby="rubric-upload-title">
      <h2 id="rubric-upload-title">{t('portal.rubric-upload-title')}</h2>
      <DropZone
        inputId="rubric-file-input"
        drop={t('portal.rubric-upload-drop')}
        choose={t('portal.rubric-upload-choose')}
        hint={t('portal.rubric-upload-hint')}
        onFiles={add}
      />
      {a && (
        <div class="file rubric-attempt" data-state={a.outcome?.state ?? a.phase} aria-live="polite">
          <div class="file-head">
            <span class="file-name">{a.name}</span>
            {a.outcome && <StateBadge state={a.outcome.state} />}
          </div>
          {(a.phase === 'sending' || a.phase === 'checking') && (
            <SendProgress name={a.name} checking={a.phase === 'checking'} fraction={a.progress} />
          )}
          {a.phase === 'refused' && <p class="error">{t('portal.upload-not-xlsx', { file: a.name })}</p>}
          {a.phase === 'slow' && <p class="muted">{t('portal.upload-checking')}</p>}
          {a.phase === 'failed' && <SendError error={a.error} />}
          {a.outcome && <RubricOutcome o={a.outcome} />}
        </div>
      )}
    </section>
  );
}

/** What became of a rubric workbook: the version it was stored as, or every issue with its cell. */
function RubricOutcome({ o }: { o: UploadOutcome }) {
  const { t } = useI18n();
  const r = o.rubric;
  if ((o.state === 'accepted' || o.state === 'duplicate') && r)
    return (
      <p class="ok" role="status">
        {t(o.state === 'accepted' ? 'portal.rubric-stored' : 'portal.rubric-duplicate', {
          id: r.id,
          version: r.version,
        })}
      </p>
    );
  if (o.state !== 'rejected') return <p class="muted">{t('portal.upload-checking')}</p>;
  const issues = o.issues ?? [];
  return (
    <div class="outcome bad">
      <p class="error" role="alert">
        {t('portal.rubric-rejected', { count: issues.length || o.issueCount })}
      </p>
      {issues.length > 0 && <IssueTable issues={issues} />}
      {o.annotatedUrl && (
        <p>
          <a class="button" href={o.annotatedUrl} download>
            {t('portal.upload-annotated')}
          </a>
        </p>
      )}
    </div>
  );
}

/** Every issue on its own row: sheet, cell, item, then what is wrong and how to fix it. */
function IssueTable({ issues }: { issues: IssueJson[] }) {
  const { t } = useI18n();
  const cols = ['portal.col-sheet', 'portal.col-cell', 'portal.col-item', 'portal.col-message'];
  // In the page's language from the code and its parameters; the server's words if the code is new to the page.
  const words = (i: IssueJson) => {
    const m = t(i.code, i.params);
    return m === i.code ? i.message : m;
  };
  return (
    <div class="nowrap-head">
      <Table cols={cols} stack>
        {issues.map((i, n) => (
          <tr key={n} class={`sev-${i.severity}`}>
            <td data-label={t(cols[0]!)} class="nowrap">
              {i.sheet ?? ''}
            </td>
            <td data-label={t(cols[1]!)} class="nowrap">
              {i.cell ? (
                <code class="cell">{i.cell}</code>
              ) : i.path ? (
                <code class="muted">{i.path}</code>
              ) : (
                ''
              )}
            </td>
            <td data-label={t(cols[2]!)} class="nowrap">
              {i.item ?? ''}
            </td>
            <td data-label={t(cols[3]!)}>{words(i)}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
