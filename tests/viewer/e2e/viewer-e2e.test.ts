/**
 * Browser end-to-end: Debian's Chromium (playwright-core) opens the viewer, waits for a query and
 * labels by keyboard in each flow; label rows are checked in SQLite; screenshots of each flow go
 * to out/screenshots/. Skipped (with a reason) when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../../bench/chromium.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildViewer } from '../../../viewer/build.ts';
import { startViewerServer, type ViewerServer } from '../../../viewer/server/index.ts';

const SHOTS = join(process.cwd(), 'out', 'screenshots');
let dir: string;
let server: ViewerServer;
let browser: BrowserContext;
let staticDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  staticDir = await buildViewer(join(dir, 'dist'));
  server = await startViewerServer({
    port: 0,
    task: 'push-T',
    dbPath: join(dir, 'p.db'),
    staticDir,
    ahead: 3,
    streamFps: 120,
    retrainEvery: 3,
    trainerModule: new URL('../fixtures/fake-trainer.ts', import.meta.url),
  });
  // A fresh profile per run (the persistent-context form is how playwright takes --user-data-dir).
  browser = await launchChromium(join(dir, 'chrome'), { width: 1400, height: 800 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the page as an annotator would: the printed URL (with its token), plus name and flow. */
async function open(annotator: string, flow: string, url = server.openUrl): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const u = new URL(url);
  u.searchParams.set('annotator', annotator);
  u.searchParams.set('flow', flow);
  await page.goto(u.href);
  await page.waitForSelector('body[data-state="query"]', { timeout: 30_000 });
  expect(errors).toEqual([]);
  return page;
}

/** Waits for every rollout's frames, then for a few rendered frames (animation-frame events, not a sleep). */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('body[data-frames="complete"]', { timeout: 20_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let n = 0;
        const tick = () => {
          if (++n >= 10) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/** Fraction of canvas pixels that differ from the most common colour (0 for a blank canvas). */
async function inkFraction(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.getElementById('view') as HTMLCanvasElement;
    // The drawing buffer is not preserved after compositing: draw now and copy in the same task.
    const stage = (window as unknown as { prefsimApp: { stage: { invalidate(): void; render(): boolean } } }).prefsimApp
      .stage;
    stage.invalidate();
    stage.render();
    const copy = document.createElement('canvas');
    copy.width = 200;
    copy.height = 120;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0, 200, 120);
    const d = ctx.getImageData(0, 0, 200, 120).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < d.length; i += 4) {
      const key = ((d[i] >> 3) << 10) | ((d[i + 1] >> 3) << 5) | (d[i + 2] >> 3);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = Math.max(...counts.values());
    return 1 - top / (d.length / 4);
  });
}

async function labelAndWait(page: Page, keys: string[]): Promise<void> {
  const before = Number(await page.evaluate(() => document.body.dataset.labels ?? '0'));
  const q = await page.evaluate(() => document.body.dataset.queryId);
  for (const k of keys) await page.keyboard.press(k);
  await page.waitForFunction(
    ([n, id]) =>
      Number(document.body.dataset.labels ?? '0') > n &&
      document.body.dataset.queryId !== id &&
      document.body.dataset.state === 'query',
    [before, q] as const,
    { timeout: 30_000 },
  );
}

describe.skipIf(!existsSync(CHROMIUM))('viewer in Chromium', { timeout: 120_000 }, () => {
  test('pairwise flow: keyboard labels land in SQLite; undo; labels per minute', async () => {
    const page = await open('e2e-pair', 'pair');
    await settle(page);
    expect(await inkFraction(page)).toBeGreaterThan(0.2);
    await page.screenshot({ path: join(SHOTS, 'pair-push-T.png') });
    await page.keyboard.press('?');
    await expect.poll(() => page.isVisible('#help')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'pair-help.png') });
    await page.keyboard.press('Escape');

    const t0 = Date.now();
    const keys = ['ArrowLeft', 'ArrowRight', '=', ' ', 'ArrowLeft', 'ArrowRight'];
    for (const k of keys) await labelAndWait(page, [k]);
    const perMinute = keys.length / ((Date.now() - t0) / 60_000);
    await page.screenshot({ path: join(SHOTS, 'pair-after-labels.png') });
    // The verdict is about the query just labelled, and says so.
    expect(await page.textContent('#verdict')).toMatch(/^Your last label: (Model|Saved\. No live model)/);
    const rows = server.store.labelsFor('push-T', { annotators: ['e2e-pair'] });
    expect(rows.map((r) => r.label)).toEqual([
      { kind: 'pair', winner: 'A' },
      { kind: 'pair', winner: 'B' },
      { kind: 'pair', winner: 'equal' },
      { kind: 'pair', winner: 'skip' },
      { kind: 'pair', winner: 'A' },
      { kind: 'pair', winner: 'B' },
    ]);
    // Undo the last label: it is retracted (kept as history, no longer current), the same query comes back.
    await page.keyboard.press('u');
    await page.waitForFunction(() => document.body.dataset.labels === '5');
    expect(server.store.labelsFor('push-T', { annotators: ['e2e-pair'] })).toHaveLength(5);
    expect(server.store.labelsFor('push-T', { annotators: ['e2e-pair'], history: true })).toHaveLength(6);
    process.stderr.write(`viewer e2e: scripted annotator labelled ${perMinute.toFixed(1)} pairs per minute\n`);
    mkdirSync(join(process.cwd(), 'out'), { recursive: true });
    (await import('node:fs')).writeFileSync(
      join(process.cwd(), 'out', 'viewer-e2e.json'),
      JSON.stringify({ pairLabelsPerMinute: perMinute }) + '\n',
    );
    // Undo takes the verdict away with the label it was about.
    expect(await page.textContent('#verdict')).toBe('');
    await page.close();
  });

  // Every other task in the pairwise flow, each on its own server (default policy candidates).
  test.each(['rope-circle', 'cloth-flatten', 'granular-T'])(
    'pairwise flow on %s: drawn, labelled, stored',
    async (task) => {
      const s = await startViewerServer({
        port: 0,
        task,
        dbPath: join(dir, `${task}.db`),
        staticDir,
        ahead: 1,
        streamFps: 120,
        trainerModule: null,
      });
      try {
        expect(s.candidates.name).toBe('policy');
        const page = await open(`e2e-${task}`, 'pair', s.openUrl);
        await settle(page).catch(async (e) => {
          throw new Error(
            `${(e as Error).message}; body ` +
              JSON.stringify(await page.evaluate(() => ({ ...document.body.dataset }))),
          );
        });
        expect(await inkFraction(page)).toBeGreaterThan(0.2);
        await page.screenshot({ path: join(SHOTS, `pair-${task}.png`) });
        await labelAndWait(page, ['ArrowRight']);
        expect(s.store.labelsFor(task).map((r) => r.label)).toEqual([{ kind: 'pair', winner: 'B' }]);
        await page.close();
      } finally {
        await s.close();
      }
    },
  );

  test('ranking flow: number keys pick the best remaining, r ends', async () => {
    const page = await open('e2e-rank', 'ranking');
    await settle(page);
    expect(await inkFraction(page)).toBeGreaterThan(0.2);
    await page.keyboard.press('3');
    await page.keyboard.press('5');
    await page.screenshot({ path: join(SHOTS, 'ranking.png') });
    await labelAndWait(page, ['r']);
    const [row] = server.store.labelsFor('push-T', { annotators: ['e2e-rank'] });
    expect(row.label).toEqual({ kind: 'ranking', order: [2, 4], rest: [0, 1, 3, 5, 6, 7] });
    await page.close();
  });

  test('triplet flow: best, middle (worst follows), then all equal', async () => {
    const page = await open('e2e-trip', 'triplet');
    await settle(page);
    expect(await inkFraction(page)).toBeGreaterThan(0.2);
    await page.keyboard.press('2');
    await page.screenshot({ path: join(SHOTS, 'triplet.png') });
    await labelAndWait(page, ['3']);
    await labelAndWait(page, ['=']);
    const rows = server.store.labelsFor('push-T', { annotators: ['e2e-trip'] });
    expect(rows.map((r) => r.label)).toEqual([
      { kind: 'triplet', best: 1, middle: 2, worst: 0 },
      { kind: 'triplet-equal' },
    ]);
    await page.close();
  });
});
