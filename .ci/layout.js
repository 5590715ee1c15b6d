// Measures the layout of rendered HTML runbooks in a headless Chromium (one launch for all files):
//   print  — with print media at the printable width of A4 and of Letter (page width minus the
//            left and right @page margins of templates/style.css, passed as MARGINS_MM), every
//            table, border included, lies inside the content box;
//   toc    — the contents list on screen (1280 px) and in print (A4): every nested entry sits in
//            the column of its parent entry, no entry reaches past its column, no two overlap;
//   phone  — at 375 px every contents link is at least MIN_WIDTH x MIN_HEIGHT CSS px, and no two
//            links overlap.
// Prints one line per fault and a summary; exits 1 if there is any fault, 2 on a setup error.
// Usage: node .ci/layout.js MARGINS_MM MIN_WIDTH MIN_HEIGHT FILE.html...
//   (MARGINS_MM: left+right page margins in mm; browser: $BCPLAN_BROWSER, else /usr/bin/chromium)
'use strict';
const path = require('path');
const puppeteer = require(path.join(__dirname, 'node', 'node_modules', 'puppeteer-core'));

const MM = 96 / 25.4; // CSS px per millimetre
const PAPERS = [
  ['A4', 210],
  ['Letter', 215.9],
];

// Runs in the page: every table whose box (in Chromium it holds the outer half of collapsed
// borders too), snapped out to whole pixels as borders are painted, is not inside the content box
// of a page `width` CSS px wide (fractional: the printable width of the paper). A border flush
// with a fractional page edge is snapped past it and cut off in the PDF.
function tablesOutside(width) {
  document.documentElement.style.width = `${width}px`;
  const out = [];
  for (const table of document.querySelectorAll('table')) {
    const r = table.getBoundingClientRect();
    if (r.width === 0) continue;
    if (Math.ceil(r.right - 0.001) > width || Math.floor(r.left + 0.001) < 0) {
      const label = table.closest('[aria-label]')?.getAttribute('aria-label')
        || table.querySelector('caption, th')?.textContent.trim().slice(0, 60) || 'table';
      out.push(`table "${label}" spans ${r.left.toFixed(2)}..${r.right.toFixed(2)} px, the content box 0..${width.toFixed(2)} px`);
    }
  }
  document.documentElement.style.width = '';
  return out;
}

// Runs in the page: faults of the two-column contents list.
function tocFaults() {
  const toc = document.querySelector('.toc');
  if (!toc) return ['no contents list (.toc)'];
  const box = toc.getBoundingClientRect();
  const style = getComputedStyle(toc);
  const count = parseInt(style.columnCount, 10) || 1;
  const gap = parseFloat(style.columnGap) || 0;
  const width = (box.width - gap * (count - 1)) / count;
  const column = (x) => Math.max(0, Math.min(count - 1, Math.floor((x - box.left + gap / 2) / (width + gap))));
  const out = [];
  const entries = [];
  for (const a of toc.querySelectorAll('a')) {
    const rects = [...a.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const text = a.textContent.trim();
    if (rects.length === 0) {
      out.push(`"${text}" is not shown`);
      continue;
    }
    const cols = new Set(rects.map((r) => column(r.left)));
    if (cols.size > 1) out.push(`"${text}" is split across columns`);
    const col = column(rects[0].left);
    const colRight = box.left + col * (width + gap) + width;
    for (const r of rects) {
      if (r.right > colRight + 0.5) {
        out.push(`"${text}" reaches ${(r.right - colRight).toFixed(1)} px past its column`);
        break;
      }
    }
    entries.push({ a, text, rects, col });
  }
  for (const e of entries) {
    const parent = e.a.parentElement.parentElement.closest('.toc li');
    if (!parent) continue;
    const head = entries.find((p) => p.a === parent.querySelector(':scope > a'));
    if (head && head.col !== e.col) {
      out.push(`"${e.text}" is in column ${e.col + 1}, its parent "${head.text}" in column ${head.col + 1}`);
    }
  }
  for (let i = 0; i < entries.length; i += 1) {
    for (let j = i + 1; j < entries.length; j += 1) {
      for (const r of entries[i].rects) {
        for (const s of entries[j].rects) {
          const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
          const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
          if (x > 0.5 && y > 0.5) out.push(`"${entries[i].text}" overlaps "${entries[j].text}"`);
        }
      }
    }
  }
  return [...new Set(out)];
}

// Runs in the page: contents links smaller than the target size, or overlapping.
function smallTargets(minWidth, minHeight) {
  const out = [];
  const links = [...document.querySelectorAll('.toc a')];
  const boxes = links.map((a) => a.getBoundingClientRect());
  links.forEach((a, i) => {
    const r = boxes[i];
    const text = a.textContent.trim();
    if (r.width < minWidth || r.height < minHeight) {
      out.push(`"${text}" is ${r.width.toFixed(1)} x ${r.height.toFixed(1)} px`);
    }
    for (let j = i + 1; j < links.length; j += 1) {
      const s = boxes[j];
      const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (x > 0.5 && y > 0.5) out.push(`"${text}" overlaps "${links[j].textContent.trim()}"`);
    }
  });
  return out;
}

async function main([marginsMm, minWidth, minHeight, ...files]) {
  const margins = parseFloat(marginsMm);
  if (!(margins >= 0) || !(parseFloat(minWidth) > 0) || !(parseFloat(minHeight) > 0) || files.length === 0) {
    throw new Error('usage: node .ci/layout.js MARGINS_MM MIN_WIDTH MIN_HEIGHT FILE.html...');
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.BCPLAN_BROWSER || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  let faults = 0;
  let checks = 0;
  const report = (file, where, list) => {
    checks += 1;
    for (const line of list) {
      faults += 1;
      console.log(`${path.basename(file)} ${where}: ${line}`);
    }
  };
  try {
    const page = await browser.newPage();
    for (const file of files) {
      const url = 'file://' + path.resolve(file);
      const hasToc = async () => page.evaluate(() => document.querySelector('.toc') !== null);
      await page.emulateMediaType('print');
      for (const [paper, width] of PAPERS) {
        const px = (width - margins) * MM;
        await page.setViewport({ width: Math.ceil(px), height: 1000 });
        await page.goto(url, { waitUntil: 'load' });
        report(file, `print ${paper} (${px.toFixed(2)} px)`, await page.evaluate(tablesOutside, px));
        if (paper === 'A4' && (await hasToc())) {
          report(file, `contents, print ${paper}`, await page.evaluate(tocFaults));
        }
      }
      await page.emulateMediaType('screen');
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      if (await hasToc()) {
        report(file, 'contents, screen 1280 px', await page.evaluate(tocFaults));
        await page.setViewport({ width: 375, height: 800 });
        await page.goto(url, { waitUntil: 'load' });
        report(file, 'contents, phone 375 px', await page.evaluate(smallTargets, parseFloat(minWidth), parseFloat(minHeight)));
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`layout: ${files.length} file(s), ${checks} check(s), ${faults} fault(s)`);
  return faults === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`layout: ${error.stack || error}`);
    process.exit(2);
  },
);
