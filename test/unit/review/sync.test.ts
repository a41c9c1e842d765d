import { strict as assert } from 'node:assert';
import { writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { isPracticumError } from '../../../src/core/errors';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords, unpushedRefs } from '../../../src/core/review/sync';
import { closedPort } from '../helpers/httpServer';
import { learnerId, mentorA, recordRef, startExercise, Team } from './team';

describe('review sync', () => {
  let team: Team;
  beforeEach(() => (team = new Team()));
  afterEach(() => team.dispose());

  it('a missing remote is an environment error that names the remotes there are', async () => {
    const lea = team.person(learnerId);
    await assert.rejects(syncRecords({ repo: lea.dir, remote: 'team' }), (e: unknown) => {
      assert.ok(isPracticumError(e));
      assert.equal(e.reason, 'environment');
      assert.match(e.message, /no git remote "team"\. Remotes here: origin/);
      return true;
    });
    lea.git(['remote', 'remove', 'origin']);
    await assert.rejects(syncRecords({ repo: lea.dir }), /git remote add origin/);
  });

  for (const kind of ['a path that is not a repository', 'a closed port on 127.0.0.1']) {
    it(`an unreachable remote (${kind}) is a network error; records stay local and unpushed`, async () => {
      const lea = team.person(learnerId);
      startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
      const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
      const url = kind.startsWith('a path') ? path.join(team.origin.dir, 'missing.git') : `http://127.0.0.1:${await closedPort()}/team.git`;
      lea.git(['remote', 'set-url', 'origin', url]);
      await assert.rejects(syncRecords({ repo: lea.dir, timeoutMs: 15_000 }), (e: unknown) => {
        assert.ok(isPracticumError(e));
        assert.equal(e.reason, 'network');
        assert.match(e.message, /Could not fetch from remote "origin" .*stay local \(1 not yet pushed\)/);
        return true;
      });
      assert.deepEqual(await unpushedRefs(lea.dir), [recordRef(lea, sub.record.id)]);

      lea.git(['remote', 'set-url', 'origin', team.origin.dir]);
      const ok = await syncRecords({ repo: lea.dir });
      assert.equal(ok.pushed.length, 1);
      assert.deepEqual(await unpushedRefs(lea.dir), []);
    });
  }

  it('a push the remote refuses is reported, and the records stay "not yet pushed"', async () => {
    const hook = path.join(team.origin.dir, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "reviews are read-only today" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    const report = await syncRecords({ repo: lea.dir });
    assert.equal(report.pushed.length, 0);
    assert.equal(report.rejected.length, 1);
    assert.match(report.rejected[0]!.reason, /pre-receive hook declined/);
    assert.equal(report.unpushed.length, 1);
  });

  it('reports nothing moved when both sides already agree, and fetches without pushing back', async () => {
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    await syncRecords({ repo: lea.dir });
    const second = await syncRecords({ repo: lea.dir });
    assert.deepEqual([second.fetched, second.pushed, second.unpushed], [[], [], []]);
    const first = await syncRecords({ repo: mo.dir });
    assert.deepEqual([first.fetched.length, first.pushed.length, first.unpushed.length], [1, 0, 0]);
    const empty = await syncRecords({ repo: team.person(mentorA).dir });
    assert.equal(empty.fetched.length, 1);
  });

  it('does not touch branches or tags while syncing', async () => {
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    lea.git(['tag', 'v1']);
    await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    await syncRecords({ repo: lea.dir });
    assert.equal(team.origin.git(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags']), 'refs/heads/main');
    await syncRecords({ repo: mo.dir });
    assert.equal(mo.git(['tag', '--list']), '');
  });
});
