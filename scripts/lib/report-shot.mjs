// Renders the team server's program report in headless Chromium and saves screenshots.
// Usage: node scripts/lib/report-shot.mjs URL LEAD_TOKEN OUT_PREFIX
// Signs in through the page's form with the keyboard, then writes OUT_PREFIX-light.png and
// OUT_PREFIX-dark.png (full page) and prints a JSON summary of what the page showed.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const [url, token, out] = process.argv.slice(2);
if (!url || !token || !out) {
  console.error('usage: node scripts/lib/report-shot.mjs URL LEAD_TOKEN OUT_PREFIX');
  process.exit(2);
}
mkdirSync(dirname(out), { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.PRACTICUM_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const summary = {};
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: scheme });
    await page.goto(url);
    // Type only once the sign-in field has taken the focus itself (autofocus can land after load).
    await page.waitForSelector('input:focus');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    // The sign-in page has an h1 too: wait for the report's.
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Program report'));
    await page.goto(url);
    summary[scheme] = {
      title: await page.textContent('h1'),
      text: (await page.textContent('main')).replace(/\s+/g, ' ').slice(0, 4000),
      charts: await page.$$eval('figure svg[role="img"]', (xs) => xs.length),
    };
    await page.screenshot({ path: `${out}-${scheme}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
