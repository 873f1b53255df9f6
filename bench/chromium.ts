/**
 * Debian's Chromium through playwright-core, as the viewer's end-to-end tests and the page bench
 * launch it: headless, WebGL2 through SwiftShader on the CPU, and no background networking (this
 * machine's network is closed; without the flags Chromium retries refused connections).
 */
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** A browser with a fresh profile in `profileDir` (the persistent-context form is how playwright takes one). */
export function launchChromium(
  profileDir: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, viewport, args: CHROMIUM_ARGS });
}
