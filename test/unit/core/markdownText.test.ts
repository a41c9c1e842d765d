import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { markdownText } from '../../../src/core/text/markdownText';
import { fuzzRuns } from '../fuzz/fuzzHelpers';

// A real CommonMark renderer with autolinking and raw HTML on: stricter than VS Code's hovers.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (o: object) => { renderInline(s: string): string; render(s: string): string };
const md = new MarkdownIt({ html: true, linkify: true });

const decode = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('catalog text in markdown tooltips (Learn tree)', () => {
  it('a team catalog summary with a link, an image, HTML and an autolink renders as the text typed', () => {
    const summary = 'Read [the docs](https://evil.example/x) ![tracker](https://evil.example/p.png) <img src=x onerror=alert(1)> https://evil.example **bold** $(alert)';
    const html = md.renderInline(markdownText(summary));
    assert.doesNotMatch(html, /<a |<img|<strong/);
    assert.equal(decode(html), summary);
  });

  it('any text renders to itself, with no link, image or tag (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'[]()!<>*_`#-+.:/\\|~{}&"\'$ ahttpsw\n'.split('')), maxLength: 80 }), (s) => {
        const html = md.renderInline(markdownText(s));
        assert.doesNotMatch(html, /<a |<img|<strong|<em|<code|<script/);
        // Markdown may fold the spaces around a line break; every other character shows as typed.
        const fold = (t: string) => t.replace(/[ \t]*\n[ \t]*/g, '\n').trim();
        assert.equal(fold(decode(html.replace(/<br>\n?/g, '\n'))), fold(s));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
