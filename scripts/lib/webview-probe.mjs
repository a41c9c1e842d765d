// Audits the webviews the user can see in the workbench page: colours that do not come from the
// theme, text below WCAG AA contrast on its real background, controls that Tab cannot reach or that
// show no focus, controls without an accessible name, and pages wider than their view.
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs in the workbench page: the theme variable of the part a webview iframe is drawn over (the
 * iframes sit in an overlay, so the part is found by position, not by ancestry).
 */
function backgroundBehind(el) {
  const box = el.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const parts = [['.part.sidebar', '--vscode-sideBar-background'], ['.part.auxiliarybar', '--vscode-sideBar-background'], ['.part.panel', '--vscode-panel-background']];
  for (const [selector, variable] of parts) {
    const r = document.querySelector(selector)?.getBoundingClientRect();
    if (r && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return variable;
  }
  return '--vscode-editor-background';
}

/** Runs inside one webview's content frame; `hostVariable` names the colour the frame is drawn on. */
function audit(hostVariable) {
  const problems = [];
  const probe = document.createElement('span');
  probe.style.color = `var(${hostVariable})`;
  document.body.append(probe);
  const host = getComputedStyle(probe).color;
  probe.remove();
  const parse = (text) => {
    let m = /rgba?\(([^)]+)\)/.exec(text);
    if (m) {
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    }
    m = /color\(srgb ([^)]+)\)/.exec(text);
    if (m) {
      const p = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return { r: p[0] * 255, g: p[1] * 255, b: p[2] * 255, a: p.length > 3 ? p[3] : 1 };
    }
    return null;
  };
  const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
    return { r: mix('r'), g: mix('g'), b: mix('b'), a };
  };
  const lum = (c) => {
    const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (x, y) => {
    const [hi, lo] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
  const hostColour = parse(host) ?? { r: 0, g: 0, b: 0, a: 1 };
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    return layers.reverse().reduce((acc, layer) => over(layer, acc), hostColour);
  };
  const opacityOf = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${cls}>${text ? ` "${text}"` : ''}`;
  };

  // 1. Every colour drawn must be one of the theme's (--vscode-* variables, which VS Code sets on
  // <html>): a literal colour, a fallback used because a variable is missing, or an unstyled control's
  // browser default would not follow the theme.
  const resolve = (value) => {
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  document.body.append(probe);
  const themeColours = new Set(['rgba(0, 0, 0, 0)']);
  const rootStyle = document.documentElement.style;
  for (let i = 0; i < rootStyle.length; i++) if (rootStyle[i].startsWith('--vscode-')) themeColours.add(resolve(`var(${rootStyle[i]})`));
  probe.remove();
  const drawn = (el, s) => {
    const out = [['color', s.color], ['background-color', s.backgroundColor]];
    for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
      if (parseFloat(s[`border${side}Width`]) > 0 && s[`border${side}Style`] !== 'none') out.push([`border-${side.toLowerCase()}-color`, s[`border${side}Color`]]);
    }
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) out.push(['outline-color', s.outlineColor]);
    if (el instanceof SVGElement) for (const k of ['fill', 'stroke']) if (s[k] && s[k] !== 'none' && !s[k].startsWith('url(')) out.push([k, s[k]]);
    return out;
  };
  const seen = new Set();
  for (const el of [document.body, ...Array.from(document.body.querySelectorAll('*'))]) {
    if (!visible(el)) continue;
    for (const [prop, value] of drawn(el, getComputedStyle(el))) {
      if (themeColours.has(value)) continue;
      const key = `${el.tagName}.${el.className?.baseVal ?? el.className}|${prop}|${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ kind: 'colour not from the theme', where: describe(el), detail: `${prop}: ${value}` });
    }
  }

  // 2. Text contrast against the colour it is really drawn on (WCAG AA: 4.5, large text 3).
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own || !visible(el) || el.closest(':disabled, [aria-disabled="true"], option')) continue;
    const style = getComputedStyle(el);
    const svgText = el instanceof SVGElement;
    const fg = parse(svgText ? style.fill : style.color);
    if (!fg) continue;
    const bg = backgroundOf(el);
    const shown = over({ ...fg, a: fg.a * opacityOf(el) }, bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large || el.getAttribute('aria-hidden') === 'true' ? 3 : 4.5;
    const r = ratio(shown, bg);
    if (r < need) problems.push({ kind: 'low contrast', where: describe(el), detail: `${r.toFixed(2)}:1 < ${need}:1 (${css(shown)} on ${css(bg)})` });
  }

  // 3. Controls: reachable by Tab, named for screen readers, and visibly focused.
  const controls = Array.from(document.querySelectorAll('button, input, select, textarea, summary, a[href], [tabindex]'))
    // An element made focusable only for scripts (tabindex -1, e.g. a screen's title) is not a control.
    .filter((el) => visible(el) && !el.matches(':disabled') && (el.matches('button, input, select, textarea, summary, a[href]') || el.tabIndex >= 0));
  const look = (el) => {
    const targets = [el, el.nextElementSibling, el.closest('label, .option')].filter(Boolean);
    return targets.map((t) => {
      const s = getComputedStyle(t);
      return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor, s.textDecorationLine].join('|');
    }).join('||');
  };
  const before = document.activeElement;
  const scrolled = [window.scrollX, window.scrollY];
  for (const el of controls) {
    if (el.tabIndex < 0) problems.push({ kind: 'not reachable by Tab', where: describe(el) });
    const labelled = el.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const name = (el.getAttribute('aria-label') || labelled || Array.from(el.labels ?? []).map((l) => l.textContent).join(' ') || el.textContent || el.getAttribute('title') || '').trim();
    if (!name) problems.push({ kind: 'no accessible name', where: describe(el) });
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const idle = look(el);
    el.focus({ focusVisible: true, preventScroll: true });
    if (document.activeElement === el && look(el) === idle) problems.push({ kind: 'no focus style', where: describe(el) });
  }
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  if (before instanceof HTMLElement && before !== document.body) before.focus({ preventScroll: true });
  window.scrollTo(scrolled[0], scrolled[1]);

  // 4. Layout: the page must fit its view (content that is wider scrolls inside its own box).
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const wide = Array.from(document.body.querySelectorAll('*')).filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1);
    const leaves = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
    problems.push({ kind: 'overflows the view', where: leaves.slice(0, 5).map(describe).join(', '), detail: `${document.documentElement.scrollWidth}px wide in ${width}px` });
  }

  const root = getComputedStyle(document.documentElement);
  return {
    title: document.title,
    width,
    themeKind: document.body.dataset.vscodeThemeKind ?? null,
    host: hostVariable,
    hostColour: css(hostColour),
    pageBackground: css(backgroundOf(document.body)),
    bodyColor: getComputedStyle(document.body).color,
    vars: Object.fromEntries(['--vscode-editor-background', '--vscode-sideBar-background', '--vscode-foreground'].map((v) => [v, root.getPropertyValue(v).trim()])),
    problems,
  };
}

/** Audits every visible webview in the page; returns one report per webview. */
export async function probeWebviews(page) {
  const reports = [];
  // The audit focuses controls inside the webviews; give the focus back to where the workbench had
  // it, or typing after an audit would go nowhere.
  const focused = await page.evaluateHandle(() => document.activeElement);
  try {
    await auditFrames(page, reports);
  } finally {
    await focused.evaluate((el) => el instanceof HTMLElement && el.focus({ preventScroll: true })).catch(() => {});
  }
  return reports;
}

async function auditFrames(page, reports) {
  for (const frame of page.frames()) {
    const isContent = await frame.evaluate(() => !!document.getElementById('app')).catch(() => false);
    if (!isContent) continue;
    const outer = await frame.parentFrame()?.frameElement().catch(() => null);
    if (!outer || !(await outer.isVisible().catch(() => false))) continue;
    const box = await outer.boundingBox();
    if (!box || box.width < 2 || box.height < 2) continue;
    const host = await outer.evaluate(backgroundBehind);
    reports.push(await frame.evaluate(audit, host));
  }
}

/** Writes the reports to `file` (JSON: { webviews: [...] }) for the test that asked for them. */
export async function writeProbe(page, file) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const webviews = await probeWebviews(page);
  await fs.writeFile(`${file}.tmp`, JSON.stringify({ webviews }, null, 2));
  await fs.rename(`${file}.tmp`, file);
  return webviews;
}
