import { useState } from 'preact/hooks';
import { PHASE_ORDER } from '../../shared/api/phases.ts';
import {
  DEFAULT_RECONCILE_METHOD,
  RECONCILE_METHODS,
  ROUND_ID_PATTERN,
  type RoundKind,
} from '../../shared/api/terms.ts';
import type { Api } from './api.ts';
import { CasesEditor, type CaseDraft } from './calibration-cases.tsx';
import { DownloadButton, ErrorText, useAction } from './components.tsx';
import { useI18n, type IssueJson, type Phase } from './i18n.ts';
import type { CreatedRound, RoundList, RubricInfo, RubricList } from './types.ts';
import { useLoad } from './use-load.tsx';

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });

/**
 * The admin's new-round tab: id, kind, rubric and version, roster workbook, and for an assessment
 * the reconciliation method and phases to open, for a calibration (校准) its reference cases.
 */
export function NewRound({
  api,
  list,
  onCreated,
}: {
  api: Api;
  list: RoundList;
  onCreated: (id: string) => void;
}) {
  const { t, lang, phase, issue, text, time } = useI18n();
  const [id, setId] = useState(String(new Date().getFullYear()));
  // The district's own refinement of the rubric if there is one (e.g. dongcheng-sample), else the first.
  const [rules, setRules] = useState(
    (list.ruleSets ?? []).find((r) => r.id.startsWith(list.district))?.id ?? list.ruleSets?.[0]?.id ?? '',
  );
  // The version the round pins: the newest of the chosen rubric unless another is chosen.
  const [version, setVersion] = useState<number>();
  const { data: stored } = useLoad(() => api.get<RubricList>('/rubrics'), [api]);
  const versions = (stored?.rubrics ?? [])
    .filter((r) => r.id === rules)
    .sort((a, b) => b.version - a.version);
  const newest = versions[0]?.version ?? list.ruleSets?.find((r) => r.id === rules)?.version;
  const ruleVersion = version ?? newest;
  const versionLabel = (v: Pick<RubricInfo, 'version'> & Partial<RubricInfo>) =>
    [
      v.version === newest ? t('portal.rubric-version-newest', { version: v.version }) : `v${v.version}`,
      v.origin && t(`portal.rubric-origin-${v.origin}`),
      v.createdAt && time(v.createdAt),
    ]
      .filter(Boolean)
      .join(' · ');
  const [method, setMethod] = useState<string>(DEFAULT_RECONCILE_METHOD);
  const [open, setOpen] = useState<Phase[]>(['self', 'precheck']);
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState<RoundKind>('assessment');
  const [cases, setCases] = useState<CaseDraft[]>([{ code: 'CASE1', title: '', description: '' }]);
  const calibration = kind === 'calibration';
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string>();
  const details = (error as { details?: IssueJson[] } | undefined)?.details;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    return run(async () => {
      const roster = await readBase64(file);
      const out = await api.post<CreatedRound>(
        '/rounds',
        calibration
          ? {
              round: id,
              rules,
              ruleVersion,
              roster,
              kind,
              open: ['formal'],
              cases: cases.map((c) => ({
                code: c.code.trim(),
                title: c.title.trim(),
                description: c.description.trim() || undefined,
              })),
            }
          : { round: id, rules, ruleVersion, roster, open, method },
      );
      setDone(
        calibration
          ? // The roster's assessors and the answer key's pseudo-assessor: the key is not counted.
            t('portal.new-round-calibration-created', {
              round: id,
              cases: out.units,
              assessors: out.assessors - 1,
            })
          : t('portal.new-round-created', { round: id, units: out.units, assessors: out.assessors }),
      );
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
        <fieldset>
          <legend>{t('portal.new-round-kind')}</legend>
          {(['assessment', 'calibration'] as const).map((k) => (
            <label key={k} class="inline">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
              {k === 'calibration'
                ? t('portal.new-round-kind-calibration')
                : t('portal.new-round-kind-assessment')}
            </label>
          ))}
          {calibration && <p class="muted small">{t('portal.new-round-calibration-hint')}</p>}
        </fieldset>
        {calibration && <CasesEditor cases={cases} onChange={setCases} />}
        <Choice
          label={t('portal.new-round-rules')}
          name="rules"
          value={rules}
          onChange={(id) => {
            setRules(id);
            setVersion(undefined);
          }}
          options={rubricChoices(list, stored).map((r) => ({
            value: r.id,
            label: r.title ? `${text(r.title)} (${r.id})` : r.id,
          }))}
        />
        <label>
          {t('portal.new-round-version')}
          <select
            name="ruleVersion"
            value={ruleVersion === undefined ? '' : String(ruleVersion)}
            onChange={(e) => setVersion(Number((e.currentTarget as HTMLSelectElement).value))}
            aria-describedby="rule-version-hint"
          >
            {(versions.length ? versions : newest ? [{ version: newest }] : []).map((v) => (
              <option key={v.version} value={String(v.version)}>
                {versionLabel(v)}
              </option>
            ))}
          </select>
          <span id="rule-version-hint" class="muted small">
            {t('portal.new-round-version-hint')}
          </span>
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
            {calibration && <>{t('portal.new-round-roster-calibration-hint')} </>}
            {t('portal.new-round-roster-hint')}{' '}
            <DownloadButton api={api} path="/roster-template" query={{ lang }} label="">
              {t('portal.download-roster')}
            </DownloadButton>
          </span>
        </label>
        {!calibration && (
          <Choice
            label={t('portal.new-round-method')}
            name="method"
            value={method}
            onChange={setMethod}
            options={RECONCILE_METHODS.map((m) => ({ value: m, label: t(`portal.method-${m}`) }))}
          />
        )}
        <fieldset hidden={calibration}>
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
          <button
            type="submit"
            class="primary"
            disabled={busy || !file || !rules || (calibration && cases.length === 0)}
            aria-busy={busy}
          >
            {t('portal.new-round-create')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** The rubrics a round may use, newest version's title each: the stored list once loaded, else the round list's. */
function rubricChoices(list: RoundList, stored: RubricList | undefined) {
  if (!stored) return list.ruleSets ?? [];
  const newest = new Map<string, RubricInfo>();
  for (const r of stored.rubrics) if ((newest.get(r.id)?.version ?? 0) < r.version) newest.set(r.id, r);
  return [...newest.values()];
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
