/**
 * What an annotator's browser sees, measured in Debian's Chromium (SwiftShader WebGL on the CPU):
 * frames drawn per second during playback at 1400×900, bytes of the client on the wire, and the
 * time from a label key press to the next query on screen. Part of `npm run bench -- viewer`.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './chromium.ts';
import { startViewerServer } from '../viewer/server/index.ts';

export interface PageFigures {
  /** Renders per second while the clip plays (the clip has 30 frames per second, so 30 is the cap). */
  playbackFps: number;
  /** Renders per second while paused (0 when the page draws only on change). */
  pausedFps: number;
  /** Key press → the next query's panels on screen, ms, one per label. */
  keyToQueryMs: number[];
  /** Bytes of every response the page loaded, as sent (compressed where the server compressed). */
  wireBytes: number;
  consoleMessages: string[];
}

/** Bytes of one GET as sent on the wire, with the browser's Accept-Encoding. */
function wireSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => {
        n += d.length;
      });
      res.on('end', () => resolve(n));
    });
    req.on('error', reject);
    req.end();
  });
}

async function rendersPerSecond(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (wait) => {
    const stage = (window as unknown as { prefsimApp: { stage: { renders: number } } }).prefsimApp.stage;
    const r0 = stage.renders,
      t0 = performance.now();
    await new Promise((r) => setTimeout(r, wait));
    return ((stage.renders - r0) * 1000) / (performance.now() - t0);
  }, ms);
}

/** Queries the server keeps ready; the page is measured once they are. */
const AHEAD = 3;

/** Opens the pair flow of push-T at 1400×900 and measures it; `dir` holds the store and profile. */
export { CHROMIUM };

export async function measurePage(dir: string, staticDir: string, labels = 5): Promise<PageFigures> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const server = await startViewerServer({
    port: 0,
    task: 'push-T',
    dbPath: join(dir, 'page.db'),
    staticDir,
    ahead: AHEAD,
    streamFps: 240,
    trainerModule: null,
  });
  let browser: BrowserContext | null = null;
  try {
    browser = await launchChromium(join(dir, 'chrome'), { width: 1400, height: 900 });
    const page = await browser.newPage();
    const consoleMessages: string[] = [];
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
    const urls: string[] = [];
    page.on('response', (r) => urls.push(r.url()));
    await page.goto(`${server.openUrl}${server.openUrl.includes('?') ? '&' : '?'}annotator=bench&flow=pair`);
    await page.waitForSelector('body[data-state="query"]', { timeout: 60_000 });
    await page.waitForSelector('body[data-frames="complete"]', { timeout: 60_000 });
    // The server shares this machine: let its rollout worker finish the look-ahead first, so the
    // frame rate is the page's own (an annotator's browser does not run the simulator).
    for (let waited = 0; server.pool.readyCount('pair') < AHEAD && waited < 60_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // Playback: loop with no hold, at 4x: the clip's 30 frames/s, stretched for short clips (push-T's
    // 1.2 s clip gives 24/s at 1x), would otherwise cap the figure below what the page can draw. At 4x
    // a new frame is due at every animation frame, so renders per second is the page's own rate.
    await page.evaluate(() => {
      const app = (
        window as unknown as { prefsimApp: { clock: { loop: boolean; hold: number; playing: boolean; speed: number } } }
      ).prefsimApp;
      app.clock.loop = true;
      app.clock.hold = 0;
      app.clock.playing = true;
      app.clock.speed = 4;
    });
    const playbackFps = await rendersPerSecond(page, 3000);
    await page.keyboard.press('k');
    await page.waitForTimeout(200);
    const pausedFps = await rendersPerSecond(page, 1500);
    await page.keyboard.press('k');
    const keyToQueryMs: number[] = [];
    for (let i = 0; i < labels; i++) {
      const id = await page.evaluate(() => document.body.dataset.queryId);
      const t0 = Date.now();
      await page.keyboard.press(i % 2 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction(
        (q) => document.body.dataset.queryId !== q && document.body.dataset.state === 'query',
        id,
        { timeout: 60_000 },
      );
      keyToQueryMs.push(Date.now() - t0);
      await page.waitForSelector('body[data-frames="complete"]', { timeout: 60_000 });
    }
    const loaded = [...new Set(urls.filter((u) => u.startsWith(server.url)))];
    let wireBytes = 0;
    for (const u of loaded) wireBytes += await wireSize(u);
    return { playbackFps, pausedFps, keyToQueryMs, wireBytes, consoleMessages };
  } finally {
    await browser?.close();
    await server.close();
  }
}
