/** Children accepted by `h`: nodes, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/**
 * Creates an element. `on<event>` props become listeners, booleans toggle attributes, everything
 * else is set as an attribute, so no HTML string is ever parsed (and the CSP needs no inline code).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'checked' || k === 'value') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with presentation attributes (allowed by a CSP without inline styles). */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Element[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  return `${prefix}-${++ids}`;
}

/** A heading the screen moves focus to when it renders, so keyboard and screen-reader users start at the top. */
export function title(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1, class: 'screen-title' }, text);
}

/** A status line (saved, skipped…) or an error announced to assistive technology. */
export function notice(text: string | null, kind: 'status' | 'alert' = 'status'): HTMLElement | null {
  return text ? h('p', { class: `notice notice-${kind}`, role: kind }, text) : null;
}

/** A numbered list of tracks: title, an optional note, a note when the catalog lacks the track, and its modules. */
export function trackList<T extends { title: string; available: boolean }>(tracks: T[], note: (t: T) => Child, modules: (t: T) => Child, missing: string): HTMLOListElement {
  return h('ol', { class: 'tracks' }, ...tracks.map((t) => h('li', { class: 'track' }, h('strong', {}, t.title), note(t), t.available ? null : h('span', { class: 'muted' }, missing), modules(t))));
}
