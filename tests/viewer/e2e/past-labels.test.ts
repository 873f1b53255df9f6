/**
 * Issue 16, item 4: the label browser replays and relabels labels given before this server
 * started. A first server stores two labels; a second one on the same store lists them as
 * replayable, rolls the oldest out again from its stored state (the same end-state metrics as
 * stored), and a relabel writes a revision. Chromium at 1400×900 and 1024×700; screenshots in
 * out/screenshots/past-label-*.png (end-state figures and the start ghost on).
 * Skipped when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, launchChromium } from '../../../bench/chromium.ts';
import { buildViewer } from '../../../viewer/build.ts';
import { startViewerServer, type ViewerServer } from '../../../viewer/server/index.ts';

const SHOTS = join(process.cwd(), 'out', 'screenshots');
let dir: string;
let staticDir: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = mkdtempSync(join(tmpdir(), 'prefsim-e2e-past-'));
  mkdirSync(SHOTS, { recursive: true });
  staticDir = await buildViewer(join(dir, 'dist'));
  browser = await launchChromium(join(dir, 'chrome'), { width: 1400, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const serve = (seed: number) =>
  startViewerServer({
    port: 0,
    task: 'push-T',
    seed,
    dbPath: join(dir, 'past.db'),
    staticDir,
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
  });

async function open(server: ViewerServer): Promise<Page> {
  const page = await browser.newPage();
  const u = new URL(server.openUrl);
  u.searchParams.set('annotator', 'e2e-past');
  u.searchParams.set('flow', 'pair');
  await page.goto(u.href);
  await page.waitForSelector('body[data-state="query"]', { timeout: 60_000 });
  await page.waitForSelector('body[data-frames="complete"]', { timeout: 60_000 });
  return page;
}

describe.skipIf(!existsSync(CHROMIUM))('past labels from the store', { timeout: 240_000 }, () => {
  test('a label from an earlier server is replayed from its stored state and relabelled', async () => {
    const first = await serve(21);
    const page = await open(first);
    for (const key of ['ArrowLeft', 'ArrowLeft']) {
      const q = await page.evaluate(() => document.body.dataset.queryId);
      await page.keyboard.press(key);
      await page.waitForFunction(
        (id) => document.body.dataset.queryId !== id && document.body.dataset.state === 'query',
        q,
        { timeout: 60_000 },
      );
    }
    await page.close();
    await first.close();

    const server = await serve(22);
    try {
      const again = await open(server);
      const errors: string[] = [];
      again.on('pageerror', (e) => errors.push(e.message));
      const past = server.store.labelsFor('push-T', { annotators: ['e2e-past'] });
      expect(past).toHaveLength(2);
      await again.keyboard.press('h');
      await again.waitForSelector('#history tr[data-label-id] button:not([disabled])');
      const enabled = await again.$$eval('#history tr[data-label-id] button:not([disabled])', (b) => b.length);
      expect(enabled).toBe(2);
      const oldest = past[0];
      await again.click(`#history tr[data-label-id="${oldest.id}"] button`);
      await again.waitForSelector('body[data-review="on"][data-frames="complete"]', { timeout: 60_000 });
      expect(await again.textContent('#instruction')).toMatch(/^Relabelling your earlier answer \(A better\)/);
      // Rolled out again from the stored snapshot: the same end state as the stored outcomes.
      const stored = server.store.outcomesFor(oldest.queryId).map((o) => o.metrics.coverage.toFixed(2));
      await again.keyboard.press('f');
      for (const c of [0, 1]) {
        expect(await again.textContent(`.panel[data-candidate="${c}"] .figures`)).toMatch(
          new RegExp(`^coverage ${stored[c]} `),
        );
      }
      // The start ghost of a rigid block is its outline and fill at the start pose, not a point cloud.
      await again.keyboard.press('g');
      const ghost = await again.evaluate(() => {
        type Obj = { type: string; visible: boolean; children: Obj[] };
        const app = window as unknown as {
          prefsimApp: { stage: { panels: { view: { scene: { getObjectByName(n: string): Obj | undefined } } }[] } };
        };
        const g = app.prefsimApp.stage.panels[0].view.scene.getObjectByName('start-ghost');
        return g && { type: g.type, visible: g.visible, children: [...new Set(g.children.map((c) => c.type))] };
      });
      expect(ghost).toEqual({ type: 'Group', visible: true, children: ['Mesh', 'LineSegments'] });
      for (const [w, h] of [
        [1400, 900],
        [1024, 700],
      ] as const) {
        await again.setViewportSize({ width: w, height: h });
        await again.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await again.screenshot({ path: join(SHOTS, `past-label-relabel-${w}x${h}.png`) });
      }
      await again.keyboard.press('ArrowRight');
      await again.waitForSelector('body[data-review="off"][data-state="query"]', { timeout: 60_000 });
      expect(server.store.labelRevision(oldest.id).retractedAt).not.toBeNull();
      const revision = server.store
        .labelsFor('push-T', { annotators: ['e2e-past'] })
        .find((l) => server.store.labelRevision(l.id).revises === oldest.id);
      expect(revision).toMatchObject({ queryId: oldest.queryId, label: { kind: 'pair', winner: 'B' } });
      expect(errors).toEqual([]);
      await again.close();
    } finally {
      await server.close();
    }
  });
});
