import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../shared/composition.ts';
import { expectedSlots, type Slot } from '../../shared/domain/roster.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { encodeS3Key, LocalIngestQueue } from '../../shared/local/ingest-queue.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { slotStatuses } from '../../shared/use-cases/api/status.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import type { Caller, Objects } from '../../shared/use-cases/ports.ts';
import { faultyDeps, prng } from '../support/fault-injection.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * A bounded soak of the ingest pipeline on the real local stack (DynamoDB Local + s3rver), through
 * the SQS-shaped LocalIngestQueue, with client-level faults on ~10% of the SDK calls, ~20% of the
 * S3 events delivered twice (some much later) and deliveries out of order. Then the dead letters are
 * redriven with faults off and every upload must be settled, nothing lost, nothing stored twice.
 *
 * N uploads: 200 by default (CI); `CEPIN_SOAK=2000 npx vitest run tests/integration/soak.test.ts`
 * for the full run (which also prints one summary line to stderr).
 *
 * Where the objects go: the stack's own s3rver listener feeds the stack's own (fault-free) queue
 * with every object created, and ingest only reads `uploads/<round>/<id>/<file>` keys (UPLOAD_KEY).
 * Objects are therefore written under `soak/uploads/...`: the stack's listener gets those events
 * and ingest ignores them (no read, no write), while the events this test pushes into its own queue
 * name `uploads/...` and the ingest deps' objects port maps the key onto `soak/` before calling the
 * real, fault-injected S3 client. So every GetObject goes through real S3 calls with faults, and no
 * other worker races the queue under test.
 */

const N = Number(process.env.CEPIN_SOAK ?? 200);
const FULL = process.env.CEPIN_SOAK !== undefined;
const SEED = Number(process.env.CEPIN_SOAK_SEED ?? 20260101);
const FAULT_RATE = Number(process.env.CEPIN_SOAK_FAULT_RATE ?? 0.1);
const ROUND = 'soak';
const PREFIX = 'soak/';

type Kind = 'valid' | 'reupload' | 'out-of-range' | 'impersonation' | 'garbage';
interface Planned {
  i: number;
  uploadId: string;
  kind: Kind;
  slot: Slot;
  caller: Caller;
  bytes: Uint8Array;
  sha: string;
  body: string;
}

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('soak');
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['self', 'precheck', 'formal'],
  });
});
afterAll(async () => stack?.stop());

const slotKey = (s: { phase?: string; unit?: string; assessor?: string | undefined }) =>
  `${s.phase}|${s.unit}|${s.assessor ?? ''}`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe(`soak: ${N} uploads through the ingest queue with injected faults (local stack)`, () => {
  it(
    'settles every upload, stores each distinct valid sheet exactly once and rejects every invalid one',
    async () => {
      const t0 = Date.now();
      const rs = dongcheng();
      const random = prng(SEED);
      const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
      const district = stack.config.CEPIN_DISTRICT;
      const callerFor = (slot: Slot): Caller =>
        slot.phase === 'self'
          ? { sub: `local-unit-${slot.unit}`, role: 'unit', ref: slot.unit, district }
          : { sub: `local-assessor-${slot.assessor}`, role: 'assessor', ref: slot.assessor, district };
      const slots = expectedSlots(sampleRoster()).filter((s) => s.phase !== 'spotcheck');
      const assessorSlots = slots.filter((s) => s.phase !== 'self');
      const assessors = [...new Set(assessorSlots.map((s) => s.assessor))];
      const units = [...new Set(slots.map((s) => s.unit))];

      // Set-up: fault-free deps put the upload records and the objects in place.
      const setup = buildDeps(stack.config);
      const { deps: faulty, faults } = faultyDeps(stack.config, { seed: SEED, rate: FAULT_RATE });
      faults.enabled = false;
      const real = faulty.objects;
      const objects: Objects = {
        bucket: real.bucket,
        get: (key, versionId) => real.get(PREFIX + key, versionId),
        head: (key) => real.head(key),
        put: (key, bytes, type) => real.put(key, bytes, type),
        presignPost: (key, o) => real.presignPost(key, o),
        presignGet: (key, s, name) => real.presignGet(key, s, name),
      };
      const ingestDeps = { ...faulty, objects };

      const planned: Planned[] = [];
      const valid: Planned[] = [];
      const base = Date.UTC(2026, 2, 1);
      for (let i = 0; i < N; i++) {
        const x = random();
        let kind: Kind =
          x < 0.55
            ? 'valid'
            : x < 0.65
              ? 'reupload'
              : x < 0.8
                ? 'out-of-range'
                : x < 0.9
                  ? 'impersonation'
                  : 'garbage';
        if ((kind === 'reupload' || kind === 'impersonation') && valid.length === 0) kind = 'valid';
        let slot: Slot;
        let caller: Caller;
        let bytes: Uint8Array;
        if (kind === 'valid') {
          slot = pick(slots);
          caller = callerFor(slot);
          bytes = (
            await makeSample(rs, {
              phase: slot.phase,
              unit: slot.unit,
              assessor: slot.assessor || undefined,
              lang: random() < 0.8 ? 'zh' : 'en',
              now: fixedNow,
              seed: i,
            })
          ).bytes;
        } else if (kind === 'reupload') {
          // The same bytes again for the same slot, as a new upload: must settle as a duplicate.
          const first = pick(valid);
          slot = first.slot;
          caller = first.caller;
          bytes = first.bytes;
        } else if (kind === 'impersonation') {
          // An earlier valid sheet, uploaded by another unit (self) or another assessor.
          const first = pick(valid);
          slot = first.slot;
          const self = slot.phase === 'self';
          const other = self
            ? pick(units.filter((u) => u !== slot.unit))
            : pick(assessors.filter((a) => a !== slot.assessor));
          caller = self
            ? { sub: `local-unit-${other}`, role: 'unit', ref: other, district }
            : { sub: `local-assessor-${other}`, role: 'assessor', ref: other, district };
          bytes = first.bytes;
        } else if (kind === 'out-of-range') {
          slot = pick(assessorSlots.filter((s) => s.phase === 'formal'));
          caller = callerFor(slot);
          bytes = (
            await makeSample(
              rs,
              {
                phase: slot.phase,
                unit: slot.unit,
                assessor: slot.assessor,
                lang: 'zh',
                now: fixedNow,
                seed: i,
              },
              (values) => values.set('E13', 9),
            )
          ).bytes;
        } else {
          slot = pick(slots);
          caller = callerFor(slot);
          bytes = new TextEncoder().encode(`not a workbook ${i} ${random()}`);
        }
        const uploadId = `${(base + i * 1000).toString(36).padStart(9, '0')}-soak${String(i).padStart(5, '0')}`;
        const fileName = i % 3 === 0 ? `评分表 ${i}.xlsx` : `sheet-${i}.xlsx`;
        const key = `uploads/${ROUND}/${uploadId}/${fileName}`;
        await setup.store.putUpload({
          uploadId,
          round: ROUND,
          fileName,
          key,
          caller,
          createdAt: new Date(base + i * 1000).toISOString(),
          state: 'pending',
        });
        await setup.objects.put(PREFIX + key, bytes, 'application/octet-stream');
        const body = JSON.stringify({
          Records: [
            {
              eventVersion: '2.1',
              eventSource: 'aws:s3',
              eventName: 'ObjectCreated:Put',
              eventTime: new Date(base + i * 1000).toISOString(),
              s3: { bucket: { name: objects.bucket }, object: { key: encodeS3Key(key), size: bytes.length } },
            },
          ],
        });
        const p: Planned = { i, uploadId, kind, slot, caller, bytes, sha: sha256(bytes), body };
        planned.push(p);
        if (kind === 'valid') valid.push(p);
      }
      const tSetup = Date.now();

      // Deliveries: every event once, ~20% twice; a quarter of the second copies much later; the
      // order shuffled locally (each event may swap with one up to 8 places away).
      const deliveries = planned.map((p) => p.body);
      const late: string[] = [];
      let twice = 0;
      for (const p of planned) {
        if (random() >= 0.2) continue;
        twice++;
        if (random() < 0.25) late.push(p.body);
        else deliveries.splice(p.i + 1 + Math.floor(random() * (deliveries.length - p.i)), 0, p.body);
      }
      for (let k = 0; k < deliveries.length; k++) {
        if (random() >= 0.3) continue;
        const j = Math.min(deliveries.length - 1, k + 1 + Math.floor(random() * 8));
        [deliveries[k], deliveries[j]] = [deliveries[j]!, deliveries[k]!];
      }

      const dlq = join(mkdtempSync(join(tmpdir(), 'cepin-soak-dlq-')), 'dead');
      const queue = new LocalIngestQueue(ingestDeps, { deadLetterDir: dlq, backoffMs: 5, maxReceives: 3 });
      faults.enabled = true;
      for (const body of deliveries) queue.push(body);
      await queue.idle();
      for (const body of late) queue.push(body);
      await queue.idle();
      const injected = structuredClone(faults.counts);

      faults.enabled = false;
      await new Promise((r) => setTimeout(r, faults.timeoutMs * 4)); // let late (timed-out) calls land
      const deadLettered = queue.redrive();
      await queue.idle();
      const tDone = Date.now();

      // Every upload is settled.
      const records = new Map(
        await Promise.all(
          planned.map(async (p) => [p.uploadId, (await setup.store.getUpload(p.uploadId))!] as const),
        ),
      );
      const pending = planned.filter((p) => records.get(p.uploadId)?.state === 'pending');
      expect(pending.map((p) => p.uploadId)).toEqual([]);

      // Valid sheets: per (slot, bytes) exactly one accepted, the others duplicates of it.
      const groups = new Map<string, Planned[]>();
      for (const p of planned.filter((x) => x.kind === 'valid' || x.kind === 'reupload')) {
        const k = `${slotKey(p.slot)}|${p.sha}`;
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      const acceptedIds = new Set<string>();
      for (const [k, ps] of groups) {
        const states = ps.map((p) => records.get(p.uploadId)!);
        const accepted = states.filter((r) => r.state === 'accepted');
        expect(accepted, k).toHaveLength(1);
        acceptedIds.add(accepted[0]!.uploadId);
        for (const r of states.filter((x) => x.state !== 'accepted')) {
          expect(r.state, k).toBe('duplicate');
          expect(r.duplicateOf, k).toBe(accepted[0]!.uploadId);
        }
      }

      // The table: one SUB# item per distinct (slot, bytes), and only for those.
      const subs = (await Promise.all(units.map((u) => setup.store.unitSubmissions(ROUND, u)))).flat();
      const subsPerSlot = new Map<string, string[]>();
      for (const s of subs) subsPerSlot.set(slotKey(s), [...(subsPerSlot.get(slotKey(s)) ?? []), s.uploadId]);
      const expectedPerSlot = new Map<string, string[]>();
      for (const [, ps] of groups) {
        const k = slotKey(ps[0]!.slot);
        const id = ps.find((p) => acceptedIds.has(p.uploadId))!.uploadId;
        expectedPerSlot.set(k, [...(expectedPerSlot.get(k) ?? []), id]);
      }
      expect(new Map([...subsPerSlot].map(([k, v]) => [k, v.sort()]))).toEqual(
        new Map([...expectedPerSlot].map(([k, v]) => [k, v.sort()])),
      );
      expect(subs).toHaveLength(groups.size);
      for (const s of subs) expect(s.sha256).toBe(planned.find((p) => p.uploadId === s.uploadId)!.sha);

      // Out-of-order delivery does not change which version counts: the latest by event time.
      const summary0 = await setup.store.roundSummary(ROUND);
      const statuses = slotStatuses(slots, summary0.submissions, summary0.rejections);
      for (const st of statuses.filter((x) => x.state === 'accepted')) {
        const latest = planned
          .filter((p) => acceptedIds.has(p.uploadId) && slotKey(p.slot) === slotKey(st))
          .sort((a, b) => a.i - b.i)
          .at(-1)!;
        expect(st.uploadId, slotKey(st)).toBe(latest.uploadId);
      }

      // Invalid sheets: rejected with reasons, one rejection record each.
      const { rejections } = summary0;
      const rejCount = new Map<string, number>();
      for (const r of rejections) rejCount.set(r.uploadId, (rejCount.get(r.uploadId) ?? 0) + 1);
      const code: Record<string, string | undefined> = {
        'out-of-range': 'input.out-of-range',
        impersonation: 'upload.impersonation',
      };
      for (const p of planned.filter((x) => !['valid', 'reupload'].includes(x.kind))) {
        const r = records.get(p.uploadId)!;
        expect(r.state, `${p.kind} ${p.uploadId}`).toBe('rejected');
        expect(r.issues?.length, p.uploadId).toBeGreaterThan(0);
        if (code[p.kind]) expect(r.issues!.map((x) => x.code)).toContain(code[p.kind]);
        expect(rejCount.get(p.uploadId), p.uploadId).toBe(1);
      }
      expect(rejections).toHaveLength(planned.filter((x) => !['valid', 'reupload'].includes(x.kind)).length);

      // The books balance.
      const count = (s: string) => [...records.values()].filter((r) => r.state === s).length;
      const accepted = count('accepted');
      const duplicate = count('duplicate');
      const rejected = count('rejected');
      expect(accepted + duplicate + rejected).toBe(N);
      expect(accepted).toBe(groups.size);
      // Lost: an upload with no record or never settled (every other way to lose one failed above).
      const losses = planned.filter(
        (p) => (records.get(p.uploadId)?.state ?? 'pending') === 'pending',
      ).length;
      expect(losses).toBe(0);

      const outcomes = queue.outcomes.map((o) => o.outcome);
      const summary = {
        uploads: N,
        kinds: Object.fromEntries(
          (['valid', 'reupload', 'out-of-range', 'impersonation', 'garbage'] as const).map((k) => [
            k,
            planned.filter((p) => p.kind === k).length,
          ]),
        ),
        deliveries: deliveries.length + late.length,
        deliveredTwice: twice,
        deliveredLate: late.length,
        sdkCalls: injected.calls,
        faults: injected.total,
        faultsByKind: injected.byKind,
        faultsByCode: injected.byCode,
        deadLettered,
        redriven: deadLettered,
        accepted,
        duplicate,
        rejected,
        noOps: outcomes.filter((o) => o === 'settled').length,
        losses,
        setupMs: tSetup - t0,
        ingestMs: tDone - tSetup,
      };
      expect(injected.total).toBeGreaterThan(0);
      if (FULL) process.stderr.write(`cepin soak: ${JSON.stringify(summary)}\n`);
    },
    FULL ? 1_800_000 : 120_000,
  );
});
