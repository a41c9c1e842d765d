import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

describe('practicum CLI', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
    const r = runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('--help lists commands and exit codes', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: practicum <command>/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1/);
  });

  it('no command is a usage error (exit 2)', () => {
    assert.equal(runCli([]).code, 2);
  });

  it('an unknown command exits 2 with a one-line message naming the fix', () => {
    const r = runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate".*--help/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
