/**
 * Issue 16 in Chromium at 1400×900 and 1024×700: the model's prediction for the query on screen
 * stays hidden until p; end-state figures (f) and the start ghost (g); the label browser (h)
 * replays a past label and relabels it (a revision in SQLite); /stats as a page. Screenshots go
 * to out/screenshots/annotator-*.png. Skipped (with a reason) when /usr/bin/chromium is missing.
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
const SIZES = [
  [1400, 900],
  [1024, 700],
] as const;
let dir: string;
let server: ViewerServer;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = mkdtempSync(join(tmpdir(), 'prefsim-e2e-ann-'));
  mkdirSync(SHOTS, { recursive: true });
  const staticDir = await buildViewer(join(dir, 'dist'));
  server = await startViewerServer({
    port: 0,
    task: 'push-T',
    seed: 11,
    dbPath: join(dir, 'p.db'),
    staticDir,
    ahead: 2,
    streamFps: 120,
    retrainEvery: 1,
    trainerModule: new URL('../fixtures/fake-trainer.ts', import.meta.url),
  });
  browser = await launchChromium(join(dir, 'chrome'), { width: 1400, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function settle(page: Page): Promise<void> {
  await page.waitForSelector('body[data-frames="complete"]', { timeout: 30_000 });
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

async function labelAndWait(page: Page, key: string): Promise<void> {
  const before = Number(await page.evaluate(() => document.body.dataset.labels ?? '0'));
  const q = await page.evaluate(() => document.body.dataset.queryId);
  await page.keyboard.press(key);
  await page.waitForFunction(
    ([n, id]) =>
      Number(document.body.dataset.labels ?? '0') > n &&
      document.body.dataset.queryId !== id &&
      document.body.dataset.state === 'query',
    [before, q] as const,
    { timeout: 30_000 },
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    await page.screenshot({ path: join(SHOTS, `annotator-${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

describe.skipIf(!existsSync(CHROMIUM))('annotator page in Chromium', { timeout: 180_000 }, () => {
  test('hidden prediction, figures, ghost, label browser and relabel, /stats', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') errors.push(m.text());
    });
    const u = new URL(server.openUrl);
    u.searchParams.set('annotator', 'e2e-ann');
    u.searchParams.set('flow', 'pair');
    await page.goto(u.href);
    await page.waitForSelector('body[data-state="query"]', { timeout: 30_000 });
    await settle(page);
    await labelAndWait(page, 'ArrowLeft');
    await expect.poll(() => server.live.modelId, { timeout: 30_000 }).not.toBeNull();
    await labelAndWait(page, 'ArrowRight');
    await settle(page);

    // The current query's prediction is hidden until asked for; then it is this query's.
    expect(await page.textContent('#prediction')).toBe('This query: model hidden (p shows it)');
    expect(await page.textContent('#verdict')).toMatch(/^Your last label: /);
    await shoot(page, 'prediction-hidden');
    await page.keyboard.press('p');
    await page.waitForFunction(() =>
      /^This query: Model prefers [AB]: P = /.test(document.getElementById('prediction')!.textContent ?? ''),
    );
    await shoot(page, 'prediction-shown');

    // End-state figures and the start ghost, on request.
    expect(await page.isVisible('.panel .figures')).toBe(false);
    await page.keyboard.press('f');
    await page.keyboard.press('g');
    await expect.poll(() => page.isVisible('.panel[data-candidate="0"] .figures')).toBe(true);
    expect(await page.textContent('.panel[data-candidate="0"] .figures')).toMatch(
      /^coverage \d\.\d\d \(success: coverage ≥ 0\.85\)/,
    );
    expect(await page.evaluate(() => document.body.dataset.ghost)).toBe('on');
    await shoot(page, 'figures-ghost');
    await page.keyboard.press('f');
    await page.keyboard.press('g');

    // The label browser: newest first; replay the oldest and relabel it as a revision.
    await page.keyboard.press('h');
    await page.waitForSelector('#history tr[data-label-id] button:not([disabled])');
    const ids = await page.$$eval('#history tr[data-label-id]', (rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.labelId)),
    );
    const mine = server.store.labelsFor('push-T', { annotators: ['e2e-ann'] });
    expect(ids).toEqual(mine.map((l) => l.id).reverse());
    await shoot(page, 'history');
    const oldest = ids[ids.length - 1];
    await page.click(`#history tr[data-label-id="${oldest}"] button`);
    await page.waitForSelector('body[data-review="on"]');
    expect(await page.textContent('#instruction')).toMatch(/^Relabelling your earlier answer \(A better\)/);
    await settle(page);
    await shoot(page, 'relabel');
    // A relabel replaces a label, so the count stays: wait for the next query instead.
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('body[data-review="off"][data-state="query"]', { timeout: 30_000 });
    expect(server.store.labelRevision(oldest).retractedAt).not.toBeNull();
    const revision = server.store
      .labelsFor('push-T', { annotators: ['e2e-ann'] })
      .find((l) => server.store.labelRevision(l.id).revises === oldest);
    expect(revision?.label).toEqual({ kind: 'pair', winner: 'B' });

    // /stats: a table with the annotator's row, each agreement with its n.
    const stats = await browser.newPage();
    await stats.goto(new URL(`/stats?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`, server.url).href);
    expect(await stats.textContent('tr[data-annotator="e2e-ann"] td:nth-child(2)')).toBe('2');
    expect(await stats.textContent('tr[data-annotator="e2e-ann"] td:nth-child(3)')).toBe('1');
    expect(await stats.textContent('tr[data-annotator="e2e-ann"] td:nth-child(6)')).toMatch(/\(n = \d+\)$/);
    await shoot(stats, 'stats');
    expect(errors).toEqual([]);
    await stats.close();
    await page.close();
  });
});
