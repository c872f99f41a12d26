/**
 * What every learner and admin screen is checked for in the real browser: axe-core finds no violation
 * (WCAG 2.1 A and AA, and axe's best practices), nothing scrolls sideways on a 360 px phone,
 * and a screenshot is kept in `build/screenshots/` for a reviewer (not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';

const SCREENSHOTS = resolve(import.meta.dirname, '../../build/screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A low-end Android phone held upright: 360 × 740 CSS pixels, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  hasTouch: true,
  isMobile: true,
  deviceScaleFactor: 2,
  // axe-core is injected as an inline script, which the app's Content-Security-Policy (rightly) refuses.
  bypassCSP: true,
};

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's violations on the page as it is now, each with the elements and why. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.help}): ${violation.nodes
        .map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`)
        .join(' | ')}`,
  );
}

/** Nothing wider than the screen: a phone must never scroll sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The elements reaching past the screen's right edge, for a failure message that says where to look. */
export function wideElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`),
  );
}

/** The checks every learner screen passes, and its screenshot (`build/screenshots/<name>.png`). */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await horizontalOverflow(page), `sideways scroll on ${name}: ${await wideElements(page)}`).toBeLessThanOrEqual(
    0,
  );
}

/**
 * Buttons, form controls and links standing on their own line ("← Kembali ke pelatihan", not a
 * link inside a sentence) shorter than a thumb (48 px), by their text.
 */
export async function smallControls(page: Page): Promise<string[]> {
  return page
    .locator(
      [
        'main button',
        'main .button',
        'main > a',
        'main select',
        'main input:not([type="radio"]):not([type="checkbox"])',
        'main textarea',
      ].join(', '),
    )
    .evaluateAll((elements) =>
      elements
        .filter((element) => (element as HTMLElement).offsetParent !== null)
        .map((element) => ({
          name:
            element.textContent?.trim() ||
            element.getAttribute('name') ||
            `${element.tagName.toLowerCase()}[type=${element.getAttribute('type') ?? ''}]`,
          box: element.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.height < 47.5)
        .map(({ name, box }) => `${name} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
}
