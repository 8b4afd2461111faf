// 在无头 Chromium 里检查构建好的书（由 `cargo xtask test` 的浏览器步骤调用）。
//
//   node check-book.mjs <book/html 目录> <截图目录>
//
// 用 Node 自带的 http 模块在 127.0.0.1 的空闲端口上提供这本书，再逐页打开，检查：
// 页面没有 JavaScript 错误、没有缺失的资源；搜索能找到 recv_timeout 和 背压；mermaid 图渲染成
// SVG 且没有 "Syntax error"；每个 rust 代码块都有复制按钮；基准测试图在浅色和深色主题下
// 文字颜色跟随主题、对比度足够；页面上没有原样的 `{{#`；站内链接和 #锚点都能解析；每章的小测验
// 都渲染出来，其中一个能回答并进入下一题。
// 一个章节页在浅色和深色主题下的截图留在截图目录（target/ 下，不提交）。

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [bookArg, shotsArg] = process.argv.slice(2);
if (!bookArg || !shotsArg) {
  console.error('用法：node check-book.mjs <book/html> <截图目录>');
  process.exit(2);
}
const bookDir = path.resolve(bookArg);
const shotsDir = path.resolve(shotsArg);
fs.mkdirSync(shotsDir, { recursive: true });

const THEMES = { light: 'light', dark: 'navy' };
const CHART_PAGE = 'ch08-performance/capacity.html';
const SCREENSHOT_PAGE = 'ch07-patterns/worker-pool.html';
const SEARCH_TERMS = ['recv_timeout', '背压'];
// Pages mdBook writes that are not chapters: print.html opens the print dialog, toc.html is the
// sidebar's frame, 404.html expects to be served at the site root.
const NOT_CHAPTERS = new Set(['print.html', 'toc.html', '404.html']);

const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

// ---- a static file server on a free port ------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};
function fileFor(urlPath) {
  let file = path.join(bookDir, decodeURIComponent(urlPath));
  if (!file.startsWith(bookDir)) return null;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  return fs.existsSync(file) ? file : null;
}
const server = http.createServer((req, res) => {
  const file = fileFor(new URL(req.url, 'http://localhost').pathname);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---- the pages --------------------------------------------------------------------------------
function htmlFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) return htmlFiles(path.join(dir, entry.name), `${rel}/`);
    return rel.endsWith('.html') && !NOT_CHAPTERS.has(rel) ? [rel] : [];
  });
}
const pages = htmlFiles(bookDir).sort();

const started = Date.now();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function openTab(theme) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
  const tab = await context.newPage();
  tab.on('pageerror', (error) => problem(tab.url(), `JavaScript 错误：${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') problem(tab.url(), `控制台错误：${message.text()}`);
  });
  tab.on('response', (response) => {
    if (response.url().startsWith(base) && response.status() >= 400) {
      problem(tab.url(), `资源缺失（${response.status()}）：${response.url()}`);
    }
  });
  return tab;
}

try {
  const tab = await openTab(THEMES.light);
  const idsOf = new Map(); // page → ids on it
  const links = []; // [from page, absolute href]
  let mermaidCount = 0;
  let rustBlocks = 0;
  for (const rel of pages) {
    await tab.goto(base + rel, { waitUntil: 'load' });
    if (await tab.locator('pre.mermaid').count() > 0) {
      try {
        await tab.waitForFunction(
          () => [...document.querySelectorAll('pre.mermaid')].every((pre) => pre.querySelector('svg')),
          null, { timeout: 15000 });
      } catch {
        problem(rel, 'mermaid 图在 15 秒内没有渲染成 SVG');
      }
    }
    const facts = await tab.evaluate(() => {
      const main = document.querySelector('main') ?? document.body;
      const rust = [...document.querySelectorAll('pre > code.language-rust')];
      return {
        text: main.innerText,
        diagrams: document.querySelectorAll('pre.mermaid').length,
        diagramErrors: [...document.querySelectorAll('pre.mermaid')]
          .filter((pre) => /Syntax error|Parse error/i.test(pre.textContent)).length,
        rust: rust.length,
        rustWithoutCopy: rust.filter((code) => !code.parentElement.querySelector('button.clip-button')).length,
        ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
        links: [...main.querySelectorAll('a[href]')].map((a) => a.href),
      };
    });
    if (facts.text.includes('{{#')) problem(rel, '页面上有没展开的 `{{#`（include 路径或锚点写错了？）');
    if (/Syntax error in text|Syntax error/.test(facts.text) || facts.diagramErrors > 0) {
      problem(rel, 'mermaid 报告 Syntax error：图的源码有语法错误');
    }
    if (facts.rustWithoutCopy > 0) problem(rel, `${facts.rustWithoutCopy} 个 rust 代码块没有复制按钮`);
    mermaidCount += facts.diagrams;
    rustBlocks += facts.rust;
    idsOf.set(rel, new Set(facts.ids));
    for (const href of facts.links) links.push([rel, href]);
  }

  // Internal links and #fragments.
  let checkedLinks = 0;
  for (const [from, href] of links) {
    if (!href.startsWith(base)) continue;
    checkedLinks += 1;
    const url = new URL(href);
    const target = decodeURIComponent(url.pathname.slice(1)) || 'index.html';
    if (!fileFor(url.pathname)) {
      problem(from, `链接指向不存在的文件：${target}`);
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    const ids = idsOf.get(target.endsWith('/') ? `${target}index.html` : target);
    if (fragment && ids && !ids.has(fragment)) problem(from, `链接 ${target}#${fragment}：那一页没有这个锚点`);
  }

  // Search.
  for (const term of SEARCH_TERMS) {
    await tab.goto(`${base}index.html?search=${encodeURIComponent(term)}`, { waitUntil: 'load' });
    try {
      await tab.waitForFunction(
        () => document.querySelectorAll('#mdbook-searchresults li').length > 0, null, { timeout: 10000 });
    } catch {
      problem('搜索', `搜索“${term}”没有结果`);
    }
  }

  // Quizzes: every chapter's quiz renders (mdbook-quiz draws it in the browser), and one of them
  // takes an answer and moves on to the next question.
  const quizPages = pages.filter((rel) => rel.endsWith('/quiz.html'));
  for (const rel of quizPages) {
    await tab.goto(base + rel, { waitUntil: 'load' });
    try {
      await tab.waitForSelector('.quiz-placeholder button.start', { timeout: 10000 });
    } catch {
      problem(rel, '小测验没有渲染出来（10 秒内找不到它的开始按钮）：mdbook-quiz 的脚本加载了吗？');
    }
  }
  if (quizPages.length === 0) {
    problem('小测验', '书里没有小测验页（chNN-*/quiz.html）');
  } else {
    // The first chapter's quiz opens with a Tracing question: answer "does NOT compile".
    const rel = quizPages[0];
    await tab.goto(base + rel, { waitUntil: 'load' });
    try {
      await tab.click('.quiz-placeholder button.start', { timeout: 10000 });
      await tab.waitForSelector('.quiz-placeholder .question', { timeout: 5000 });
      const before = await tab.textContent('.quiz-placeholder .counter');
      await tab.check('.quiz-placeholder input[name=doesCompile][value=false]');
      await tab.click('.quiz-placeholder input[type=submit]');
      await tab.waitForFunction(
        (counter) => document.querySelector('.quiz-placeholder .counter')?.textContent !== counter,
        before, { timeout: 5000 });
    } catch (error) {
      problem(rel, `小测验不接受回答（开始、选择、提交之后没有进入下一题）：${error.message.split('\n')[0]}`);
    }
    console.log(`browser: ${quizPages.length} 个小测验页都渲染出来了；${rel} 接受了一个回答`);
  }

  // Benchmark charts in light and dark: the text colour follows the theme and stays legible.
  for (const [name, theme] of Object.entries(THEMES)) {
    const themed = await openTab(theme);
    await themed.goto(base + CHART_PAGE, { waitUntil: 'load' });
    const chart = await themed.evaluate(() => {
      const svg = document.querySelector('main svg[role="img"]');
      if (!svg) return null;
      const text = svg.querySelector('text');
      // The first painted background behind the chart (mdBook paints it on <html> or <body>).
      let bg = 'rgb(255, 255, 255)';
      for (let element = svg; element; element = element.parentElement) {
        const colour = getComputedStyle(element).backgroundColor;
        if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) {
          bg = colour;
          break;
        }
      }
      return {
        htmlClass: document.documentElement.className,
        fill: getComputedStyle(text).fill,
        body: getComputedStyle(document.querySelector('main')).color,
        background: bg,
      };
    });
    if (!chart) {
      problem(CHART_PAGE, '找不到基准测试图（main 里的 svg[role=img]）');
    } else {
      const ratio = contrast(chart.fill, chart.background);
      if (!chart.htmlClass.split(' ').includes(theme)) problem(CHART_PAGE, `没能切换到 ${theme} 主题`);
      if (chart.fill !== chart.body) {
        problem(CHART_PAGE, `${theme} 主题下图的文字颜色 ${chart.fill} 没有跟随正文颜色 ${chart.body}`);
      }
      if (!(ratio >= 4.5)) {
        problem(CHART_PAGE, `${theme} 主题下图的文字对比度只有 ${ratio.toFixed(2)}（至少 4.5）`);
      }
      console.log(`browser: ${name} 主题（${theme}）图表文字 ${chart.fill}，背景 ${chart.background}，对比度 ${ratio.toFixed(1)}`);
      await themed.locator('main svg[role="img"]').first().screenshot({ path: path.join(shotsDir, `chart-${name}.png`) });
    }
    await themed.goto(base + SCREENSHOT_PAGE, { waitUntil: 'load' });
    await themed.screenshot({ path: path.join(shotsDir, `chapter-${name}.png`) });
    await themed.context().close();
  }

  console.log(`browser: ${pages.length} 页，${rustBlocks} 个 rust 代码块，${mermaidCount} 张 mermaid 图，`
    + `${checkedLinks} 个站内链接，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒；截图在 ${shotsDir}`);
} finally {
  await browser.close();
  server.close();
}

if (problems.length > 0) {
  console.error(`\n浏览器检查发现 ${problems.length} 个问题：`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('browser: 全部检查通过');

// WCAG contrast ratio of two `rgb(…)` colours.
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
