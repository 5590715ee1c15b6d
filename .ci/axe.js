// Runs axe (WCAG 2.x A and AA rules) on HTML files in a headless Chromium at desktop (1280 px)
// and phone (375 px) width. Prints each violation; exits 1 if there is any, 2 on a setup error.
// Usage: node .ci/axe.js FILE.html...   (browser: $BCPLAN_BROWSER, else /usr/bin/chromium)
'use strict';
const path = require('path');
const modules = path.join(__dirname, 'node', 'node_modules');
const puppeteer = require(path.join(modules, 'puppeteer-core'));
const { AxePuppeteer } = require(path.join(modules, '@axe-core', 'puppeteer'));

async function main(files) {
  const browser = await puppeteer.launch({
    executablePath: process.env.BCPLAN_BROWSER || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  let violations = 0;
  try {
    for (const file of files) {
      for (const width of [1280, 375]) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 900 });
        await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
        const result = await new AxePuppeteer(page)
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
          .analyze();
        for (const v of result.violations) {
          violations += 1;
          const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          console.log(`${path.basename(file)} @${width}px: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${targets}`);
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`axe: ${files.length} file(s) at 1280 px and 375 px, ${violations} violation(s)`);
  return violations === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`axe: ${error.stack || error}`);
    process.exit(2);
  },
);
