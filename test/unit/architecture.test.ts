import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('src/core never imports vscode (it must run in plain Node)', () => {
    const offenders = files(path.join(root, 'src/core')).filter((f) =>
      /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('the CLI never imports vscode or the editor layer', () => {
    const offenders = [path.join(root, 'src/cli.ts'), ...files(path.join(root, 'src/cli'))].filter((f) =>
      /from\s+['"](?:vscode|\.\.?\/(?:\.\.\/)*vscode\/)/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('the import check itself catches a vscode import', () => {
    assert.ok(/from\s+['"]vscode['"]/.test(`import * as vscode from 'vscode';`));
  });
});
