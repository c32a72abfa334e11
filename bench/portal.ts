/**
 * Section 6: the web portal. Its production build (size, time) and, in Debian's Chromium against the
 * local stack, the page's load to a usable sign-in form and a unit's upload from choosing the file to
 * seeing its score — each against a baseline in the same process: the same files fetched by Node,
 * and the same upload made the CLI's way (`uploadAndWait`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import { uploadAndWait } from '../shared/client/upload.ts';
import { makeSample } from '../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium } from '../tests/support/browser.ts';
import { clientAs, startTestStack } from '../tests/support/local-stack.ts';
import { progress, ratios, summarize, type Summary } from './stats.ts';

export interface PortalResult {
  buildMs: number;
  /** `first`: loaded with the page (index.html and what it names); the rest on demand. */
  files: { name: string; bytes: number; gzip: number; first: boolean }[];
  totalBytes: number;
  totalGzip: number;
  /** What a page first loads. */
  firstBytes: number;
  firstGzip: number;
  /** From navigation to the sign-in form being usable, with an empty cache each time. */
  pageLoadMs: Summary;
  /** Baseline: the same three files (index.html, script, stylesheet) and config.json fetched by Node. */
  fetchFilesMs: Summary;
  pageLoadRatio: Summary;
  /** From choosing the file in the page to its score shown. */
  browserUploadMs: Summary;
  /** Baseline: the same upload made the CLI's way, request, presigned POST and polling from Node. */
  cliUploadMs: Summary;
  uploadRatio: Summary;
}

export async function benchPortal(reps: number): Promise<PortalResult> {
  progress('portal: production build');
  let t = performance.now();
  const webDir = await buildPortal();
  const buildMs = performance.now() - t;
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const named = new Set([...html.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((m) => m[1]!));
  const files = readdirSync(webDir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => {
      const bytes = readFileSync(join(f.parentPath, f.name));
      const path = join(f.parentPath, f.name).slice(webDir.length + 1);
      return {
        name: f.name,
        bytes: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        first: path === 'index.html' || named.has(path),
      };
    });
  const rs = new RuleSetFiles().require('dongcheng-sample');
  const sheets = await Promise.all(
    Array.from({ length: 2 * (reps + 1) }, (_, i) =>
      makeSample(rs, { phase: 'self', unit: 'DC01', lang: 'zh', now: () => new Date(), seed: 100 + i }),
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), 'cepin-bench-portal-'));
  progress('portal: starting the local stack and Chromium');
  const stack = await startTestStack('dongcheng', { webDir });
  const browser = await launchChromium();
  try {
    const admin = await clientAs(stack, 'admin');
    await admin.call('POST', '/rounds', {
      round: '2026',
      rules: 'dongcheng-sample',
      roster: readFileSync(
        fileURLToPath(new URL('../templates/rosters/roster-sample.xlsx', import.meta.url)),
      ).toString('base64'),
      open: ['self'],
    });
    const unit = await clientAs(stack, 'unit:DC01');
    // What the page loads first (the views and the English words on demand are not fetched by it either).
    const assets = files.filter((f) => f.first && (f.name.endsWith('.js') || f.name.endsWith('.css')));
    const fetchAll = async () => {
      for (const path of ['/', '/config.json', ...assets.map((a) => `/assets/${a.name}`)])
        await (await fetch(stack.apiUrl + path)).arrayBuffer();
    };

    const load: number[] = [];
    const fetched: number[] = [];
    for (let i = 0; i <= reps; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      t = performance.now();
      await page.goto(stack.apiUrl);
      await page.locator('select[name=as] option[value="unit:DC01"]').waitFor({ state: 'attached' });
      const pageMs = performance.now() - t;
      await ctx.close();
      t = performance.now();
      await fetchAll();
      const fetchMs = performance.now() - t;
      if (i === 0) continue; // warm-up
      load.push(pageMs);
      fetched.push(fetchMs);
    }
    progress(`portal: page load ${summarize(load).median.toFixed(0)} ms; uploads`);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('登录身份').selectOption('unit:DC01');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    const browserMs: number[] = [];
    const cliMs: number[] = [];
    for (let i = 0; i <= reps; i++) {
      const file = join(dir, `DC01-${i}.xlsx`);
      writeFileSync(file, sheets[2 * i]!.bytes);
      t = performance.now();
      await page.locator('#file-input').setInputFiles(file);
      await page
        .locator('li.file', { hasText: `DC01-${i}.xlsx` })
        .getByText(/已通过:/)
        .waitFor();
      const b = performance.now() - t;
      t = performance.now();
      const out = await uploadAndWait(unit, '2026', `cli-${i}.xlsx`, sheets[2 * i + 1]!.bytes);
      const c = performance.now() - t;
      if (out.state !== 'accepted') throw new Error(`baseline upload ${out.state}`);
      if (i === 0) continue;
      browserMs.push(b);
      cliMs.push(c);
    }
    await ctx.close();
    return {
      buildMs,
      files,
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      totalGzip: files.reduce((s, f) => s + f.gzip, 0),
      firstBytes: files.filter((f) => f.first).reduce((s, f) => s + f.bytes, 0),
      firstGzip: files.filter((f) => f.first).reduce((s, f) => s + f.gzip, 0),
      pageLoadMs: summarize(load),
      fetchFilesMs: summarize(fetched),
      pageLoadRatio: summarize(ratios(load, fetched)),
      browserUploadMs: summarize(browserMs),
      cliUploadMs: summarize(cliMs),
      uploadRatio: summarize(ratios(browserMs, cliMs)),
    };
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  }
}
