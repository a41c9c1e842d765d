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

  it('a command group without its subcommand names the subcommands (exit 2), and its --help shows each usage', () => {
    for (const [group, subs] of [['review', ['list', 'add']], ['outbox', ['show', 'flush', 'retry']]] as const) {
      const bare = runCli([group]);
      assert.equal(bare.code, 2, bare.stderr);
      assert.equal(bare.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(bare.stderr, /unknown command/);
      for (const s of subs) assert.match(bare.stderr, new RegExp(`\\b${s}\\b`));
      assert.match(bare.stderr, new RegExp(`practicum ${group} --help`));

      const wrong = runCli([group, 'frobnicate']);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /unknown subcommand "frobnicate"/);

      const help = runCli([group, '--help']);
      assert.equal(help.code, 0, help.stderr);
      for (const s of subs) assert.match(help.stdout, new RegExp(`Usage: practicum ${group} ${s} `));
    }
  });
});
