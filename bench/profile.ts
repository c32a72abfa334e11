/** Where checkSheet spends its time: a V8 CPU profile (node:inspector) of repeated checks, by package and frame. */
import { Session } from 'node:inspector/promises';
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import { checkSheet } from '../shared/use-cases/check-sheet.ts';
import { sampleBytes } from './one-sheet.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileResult {
  checks: number;
  sampledMs: number;
  byArea: { area: string; share: number }[];
  topFrames: { frame: string; share: number }[];
}

/** Groups a script URL into an area: a package, cepin's own folders, or V8/Node internals. */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(shared\/[^/]+)\//.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return 'other';
}

/** Profiles `checks` checks of the sample sheet (after a warm-up) and returns self time by area and by frame. */
export async function profileCheck(checks: number): Promise<ProfileResult> {
  const rules = new RuleSetFiles();
  const bytes = await sampleBytes();
  for (let i = 0; i < 10; i++) await checkSheet(bytes, { rules, fileName: 'sheet.xlsx' });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  for (let i = 0; i < checks; i++) await checkSheet(bytes, { rules, fileName: 'sheet.xlsx' });
  const { profile } = (await session.post('Profiler.stop')) as {
    profile: { nodes: ProfileNode[]; startTime: number; endTime: number };
  };
  session.disconnect();
  const hits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const areas = new Map<string, number>();
  const frames = new Map<string, number>();
  for (const n of profile.nodes) {
    const h = n.hitCount ?? 0;
    if (h === 0) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + h);
    const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/(shared\/)/, '$1');
    const frame = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    frames.set(frame, (frames.get(frame) ?? 0) + h);
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  return {
    checks,
    sampledMs: (profile.endTime - profile.startTime) / 1000,
    byArea: top(areas, 10).map(([area, h]) => ({ area, share: h / hits })),
    topFrames: top(frames, 12).map(([frame, h]) => ({ frame, share: h / hits })),
  };
}
