/**
 * The client is light: it draws only when something changes, loads compressed with a favicon, and
 * logs nothing to the console. Chromium with SwiftShader; skipped when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { getTask } from '../../../sim/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../../bench/chromium.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildViewer } from '../../../viewer/build.ts';
import { startViewerServer, type ViewerServer } from '../../../viewer/server/index.ts';

let dir: string;
let server: ViewerServer;
let browser: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-light-'));
  const staticDir = await buildViewer(join(dir, 'dist'));
  server = await startViewerServer({
    port: 0,
    task: 'push-T',
    dbPath: join(dir, 'l.db'),
    staticDir,
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
  });
  browser = await launchChromium(join(dir, 'chrome'), { width: 1024, height: 700 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))('light client in Chromium', { timeout: 120_000 }, () => {
  test('compressed bundle, a favicon, a clean console, and no drawing while paused', async () => {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const bundle = page.waitForResponse((r) => r.url().endsWith('/app.js'));
    await page.goto(`${server.openUrl}${server.openUrl.includes('?') ? '&' : '?'}annotator=light&flow=pair`);
    expect((await bundle).headers()['content-encoding']).toMatch(/^(br|gzip)$/);
    await page.waitForSelector('body[data-frames="complete"]', { timeout: 60_000 });
    // Software WebGL is detected and drawn without multisampling or shadow maps.
    expect(await page.evaluate(() => document.body.dataset.quality)).toBe('low');

    const renders = () =>
      page.evaluate(
        () => (window as unknown as { prefsimApp: { stage: { renders: number } } }).prefsimApp.stage.renders,
      );
    // Paused on the first frame, not wherever a slow machine got to: at the end state a frame step
    // would change nothing.
    await page.evaluate(() => {
      const { clock } = (window as unknown as { prefsimApp: { clock: { playing: boolean; seek(t: number): void } } })
        .prefsimApp;
      clock.seek(0);
      clock.playing = false;
    });
    // Let the last frame of the pause draw, then watch: nothing changes, so nothing is drawn.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const paused = await renders();
    await page.evaluate(
      () =>
        new Promise((r) => {
          let n = 0;
          const f = () => (++n >= 30 ? r(null) : requestAnimationFrame(f));
          requestAnimationFrame(f);
        }),
    );
    expect(await renders()).toBe(paused);
    // A frame step is a change: exactly the frames that changed are drawn.
    await page.keyboard.press('.');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await renders()).toBeGreaterThan(paused);

    const icon = await page.evaluate(
      () => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href ?? '',
    );
    expect(icon).toMatch(/favicon\.svg$/);
    expect((await page.request.get(icon)).status()).toBe(200);
    expect(failed).toEqual([]);
    expect(messages).toEqual([]);
    await page.close();
  });
  test('a playing clip is drawn at half the pixels per axis on software GL; the still end state at full', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.openUrl}${server.openUrl.includes('?') ? '&' : '?'}annotator=scale&flow=pair`);
    await page.waitForSelector('body[data-frames="complete"]', { timeout: 60_000 });
    type Clock = { playing: boolean; loop: boolean; hold: number; seek(t: number): void };
    const canvasWidth = () => page.evaluate(() => (document.getElementById('view') as HTMLCanvasElement).width);
    await page.evaluate(() => {
      const clock = (window as unknown as { prefsimApp: { clock: Clock } }).prefsimApp.clock;
      clock.loop = true;
      clock.hold = 0;
      clock.seek(0);
      clock.playing = true;
    });
    await page.waitForFunction(() => (document.getElementById('view') as HTMLCanvasElement).width === 512);
    expect(await canvasWidth()).toBe(512);
    await page.keyboard.press('k');
    await page.waitForFunction(() => (document.getElementById('view') as HTMLCanvasElement).width === 1024);
    expect(await canvasWidth()).toBe(1024);
    await page.close();
  });
  test('the start screen names the task and what "better" means for it', async () => {
    const page = await browser.newPage();
    await page.goto(server.openUrl);
    await page.waitForFunction(() => document.getElementById('start-task')?.textContent?.includes('Better:'));
    const text = await page.textContent('#start-task');
    expect(text).toContain(getTask('push-T').better);
    mkdirSync(join(process.cwd(), 'out', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(process.cwd(), 'out', 'screenshots', 'start-screen-1024x700.png') });
    await page.close();
  });
});
