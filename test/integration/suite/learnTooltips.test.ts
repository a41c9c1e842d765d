import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { LearnTreeProvider, type LearnNode } from '../../../src/vscode/learn/learnTree';
import { activatedExtension } from '../helpers';

/** A team catalog whose text carries a link, an image, raw HTML and an autolink. */
const hostile = 'See [the docs](https://evil.example/x) ![t](https://evil.example/p.png) <img src=https://evil.example/i.png> https://evil.example';

describe('learn tooltips: catalog text is text', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    await activatedExtension();
    dir = mkdtempSync(path.join(tmpdir(), 'practicum-it-tooltips-'));
    const write = (rel: string, value: unknown) => {
      const p = path.join(dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
    };
    write('tt/track.json', { id: 'tt', title: `Track ${hostile}`, summary: hostile, kind: 'role', role: 'backend', order: 1 });
    write('tt/mm/module.json', { id: 'mm', title: 'Module', summary: hostile, order: 0, hours: 1, handsOnShare: 1, outcomes: [hostile] });
    write('tt/mm/ee/brief.md', '# brief\n');
    write('tt/mm/ee/exercise.json', { id: 'ee', title: `Exercise ${hostile}`, summary: hostile, order: 0, estimateMinutes: 5, steps: ['s'], acceptance: ['a'], checks: [{ id: 'c', title: 'C', kind: 'commits', min: 1 }] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders no link or image from a team catalog in the track, module and exercise tooltips', async () => {
    // VS Code's own markdown renderer, from the built-in Markdown extension (activated on demand).
    await vscode.extensions.getExtension('vscode.markdown-language-features')?.activate();
    const canRender = (await vscode.commands.getCommands(true)).includes('markdown.api.render');
    const catalog = await loadCatalog([{ dir, origin: 'folder' }]);
    assert.deepEqual(catalog.errors, []);
    const tree = new LearnTreeProvider(async () => ({ catalog, repo: undefined, progress: undefined }));
    const track = catalog.track('tt');
    const module = catalog.module('mm');
    const exercise = catalog.exercise('ee');
    assert.ok(track && module && exercise);
    const nodes: LearnNode[] = [
      { kind: 'track', track },
      { kind: 'module', module },
      { kind: 'exercise', exercise },
    ];
    for (const node of nodes) {
      const tip = (await tree.getTreeItem(node)).tooltip as vscode.MarkdownString;
      assert.ok(tip instanceof vscode.MarkdownString, node.kind);
      assert.ok(!tip.isTrusted && !tip.supportHtml, `${node.kind}: the tooltip runs no commands and no HTML`);
      assert.doesNotMatch(tip.value, /(^|[^\\])[[<]/, `${node.kind}: every [ and < of the catalog text is escaped:\n${tip.value}`);
      if (!canRender) continue;
      const html = await vscode.commands.executeCommand<string>('markdown.api.render', tip.value);
      assert.doesNotMatch(html, /<a\s|<img/i, `${node.kind} tooltip renders catalog text as markup:\n${html}`);
      assert.match(html, /evil\.example/, `${node.kind}: the text itself is still shown`);
    }
  });
});
