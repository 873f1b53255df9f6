/**
 * `prefsim view FILE`: a recorded push-T episode opens in Chromium, plays, scrubs by frame step and
 * shows the metrics of the step on screen; bad files are refused naming the file.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../../bench/chromium.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scene, getTask, initPhysics } from '../../../sim/index.ts';
import { ACTORS, runEpisode } from '../../../sim/episode/index.ts';
import { writeEpisodeFile } from '../../../sim/recording/index.ts';
import { buildViewer } from '../../../viewer/build.ts';
import { startEpisodeServer, type EpisodeServer } from '../../../viewer/server/episode-server.ts';

const SHOTS = join(process.cwd(), 'out', 'screenshots');
let dir: string;
let file: string;
let staticDir: string;
let server: EpisodeServer;
let browser: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-view-'));
  mkdirSync(SHOTS, { recursive: true });
  await initPhysics();
  const task = getTask('push-T');
  const scene = Scene.create(task, 3);
  try {
    const r = await runEpisode(scene, ACTORS.expert, { steps: 3, stopOnSuccess: false, record: true });
    let start = 0;
    file = join(dir, 'push.episode');
    writeEpisodeFile(file, {
      taskId: task.id,
      seed: 3,
      initialMetrics: r.start,
      steps: r.steps.map((s, i) => {
        const step = { action: s.action, metrics: s.metrics, frameStart: start, frameCount: r.frames![i].length };
        start += step.frameCount;
        return step;
      }),
      frames: r.frames!.flat(),
    });
  } finally {
    scene.free();
  }
  staticDir = await buildViewer(join(dir, 'dist'));
  server = await startEpisodeServer({ file, port: 0, staticDir });
  if (existsSync(CHROMIUM)) {
    browser = await launchChromium(join(dir, 'chrome'), { width: 1024, height: 700 });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prefsim view', { timeout: 120_000 }, () => {
  test('the server describes the episode it read', () => {
    expect(server.view.task).toBe('push-T');
    expect(server.view.steps).toHaveLength(3);
    expect(server.view.frames).toBe(server.view.steps.reduce((n, s) => n + s.frameCount, 0));
  });

  test('a file that is not an episode is refused, naming the file', async () => {
    const bad = join(dir, 'bad.episode');
    writeFileSync(bad, 'not an episode');
    await expect(startEpisodeServer({ file: bad, port: 0, staticDir })).rejects.toThrow(bad);
    await expect(startEpisodeServer({ file: join(dir, 'missing.episode'), port: 0, staticDir })).rejects.toThrow(
      'missing.episode',
    );
  });

  test.skipIf(!existsSync(CHROMIUM))(
    'plays in Chromium; frame steps move through the steps and their metrics',
    async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="episode"]', { timeout: 30_000 });
      expect(await page.textContent('#task')).toBe('push-T');
      // Pause at the start, then step frame by frame into the second step.
      await page.evaluate(() => {
        const app = (window as unknown as { prefsimApp: { clock: { playing: boolean; seek(t: number): void } } })
          .prefsimApp;
        app.clock.playing = false;
        app.clock.seek(0);
      });
      await page.waitForFunction(() => document.body.dataset.step === '1');
      expect(await page.textContent('#verdict')).toMatch(/^step 1 of 3 — after it: coverage/);
      const secondStart = server.view.steps[1].frameStart;
      for (let i = 0; i < secondStart; i++) await page.keyboard.press('.');
      await page.waitForFunction(() => document.body.dataset.step === '2');
      expect(await page.textContent('#time')).toBe(`${secondStart + 1} / ${server.view.frames}`);
      await page.screenshot({ path: join(SHOTS, 'view-push-T.png') });
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
