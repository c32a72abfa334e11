import { useState } from 'preact/hooks';
import { PHASE_ORDER } from '../../shared/api/phases.ts';
import { DEFAULT_RECONCILE_METHOD, RECONCILE_METHODS, ROUND_ID_PATTERN } from '../../shared/api/terms.ts';
import type { Api } from './api.ts';
import { DownloadButton, ErrorText, useAction } from './components.tsx';
import { useI18n, type IssueJson, type Phase } from './i18n.ts';
import type { CreatedRound, RoundList } from './types.ts';

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });

/** The admin's new-round tab: id, rule set, roster workbook, reconciliation method, phases to open. */
export function NewRound({
  api,
  list,
  onCreated,
}: {
  api: Api;
  list: RoundList;
  onCreated: (id: string) => void;
}) {
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
        <Choice
          label={t('portal.new-round-rules')}
          name="rules"
          value={rules}
          onChange={setRules}
          options={(list.ruleSets ?? []).map((r) => ({
            value: r.id,
            label: r.title ? `${text(r.title)} (${r.id} v${r.version})` : r.id,
          }))}
        />
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
        <Choice
          label={t('portal.new-round-method')}
          name="method"
          value={method}
          onChange={setMethod}
          options={RECONCILE_METHODS.map((m) => ({ value: m, label: t(`portal.method-${m}`) }))}
        />
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

/** A labelled drop-down list. */
function Choice(p: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <label>
      {p.label}
      <select
        name={p.name}
        value={p.value}
        onChange={(e) => p.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
