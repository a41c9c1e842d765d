import { vscodeStub } from '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { ManualClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { addReview } from '../../../src/core/review/review';
import type { Verdict } from '../../../src/core/review/schema';
import { submitExercise } from '../../../src/core/review/submit';
import type { Container } from '../../../src/vscode/container';
import { QueueView } from '../../../src/vscode/review/queueView';
import { ReviewService } from '../../../src/vscode/review/service';
import type { ReviewNode } from '../../../src/vscode/review/treeNodes';
import { TempRepo } from '../helpers/gitRepo';
import { learnerId, mentorA, startExercise } from '../review/team';

const DAY = 24 * 3_600_000;

/** The mentor's Reviews view keeps "Reviewed" to recent verdicts; older ones stay reachable under "Older". */
describe('Reviews view: recent and older reviewed submissions', () => {
  let repo: TempRepo;
  let service: ReviewService;
  let queue: QueueView;
  let recentDays = 14;
  const ids: Record<string, string> = {};

  before(async () => {
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'a\n' } });
    repo.git(['config', 'user.name', learnerId.name]);
    repo.git(['config', 'user.email', learnerId.email]);
    const now = Date.now();
    const clock = new ManualClock();
    // exercise → submitted, then verdict (days ago), or no verdict.
    const plan: Array<[string, number, [number, Verdict] | null]> = [
      ['ex-old', 40, [30, 'approve']],
      ['ex-mid', 20, [3, 'changes']],
      ['ex-late', 5, null],
      ['ex-new', 0.1, null],
    ];
    for (const [exercise, submittedDaysAgo, verdict] of plan) {
      repo.checkout('main');
      startExercise(repo, exercise, { [`${exercise}.txt`]: 'work\n' });
      clock.set(now - submittedDaysAgo * DAY);
      ids[exercise] = (await submitExercise({ repo: repo.dir, exerciseId: exercise, clock })).record.id;
      if (verdict) {
        clock.set(now - verdict[0] * DAY);
        await addReview({ repo: repo.dir, submissionId: ids[exercise] as string, verdict: verdict[1], body: 'see', reviewer: mentorA, clock });
      }
    }
    // This window belongs to the mentor.
    repo.git(['config', 'user.name', mentorA.name]);
    repo.git(['config', 'user.email', mentorA.email]);
    vscodeStub.workspace.workspaceFolders = [{ uri: { scheme: 'file', fsPath: repo.dir } }];
    const c = { logger: silentLogger, settings: { review: { remote: 'origin', windowHours: 48, fetchIntervalMinutes: 0, notifyOnReview: true, recentDays: 14 } } };
    service = new ReviewService(c as unknown as Container);
    const memento = { get: () => 'all', update: () => Promise.resolve() } as unknown as vscode.Memento;
    queue = new QueueView(service, memento, () => recentDays);
    await service.start();
  });
  after(() => {
    queue.dispose();
    service.dispose();
    vscodeStub.reset();
    repo.dispose();
  });
  beforeEach(() => (recentDays = 14));

  const children = async (node?: ReviewNode) => (await queue.getChildren(node)) as ReviewNode[];
  const submissionIds = (nodes: ReviewNode[]) => nodes.flatMap((n) => (n.kind === 'submission' ? [n.view.record.id] : []));

  it('lists verdicts of the last 14 days under Reviewed and older ones under Reviewed › Older', async () => {
    const q = queue.contents();
    assert.deepEqual([q.overdue, q.waiting, q.reviewed, q.older], [[ids['ex-late']], [ids['ex-new']], [ids['ex-mid']], [ids['ex-old']]]);
    assert.equal((queue.view.badge as { value: number } | undefined)?.value, 2, 'the badge still counts overdue + waiting only');

    const groups = await children();
    assert.deepEqual(groups.map((g) => (g.kind === 'group' ? g.group : g.kind)), ['overdue', 'waiting', 'reviewed']);
    const reviewed = groups[2] as ReviewNode;
    const underReviewed = await children(reviewed);
    assert.deepEqual(submissionIds(underReviewed), [ids['ex-mid']]);
    const older = underReviewed.at(-1) as ReviewNode;
    assert.equal(older.kind, 'older', 'the last child of Reviewed is Older');
    assert.deepEqual(submissionIds(await children(older)), [ids['ex-old']]);
  });

  it('an older submission can be revealed: its parent is Older, whose parent is Reviewed', async () => {
    const older = (await children((await children())[2])).at(-1) as ReviewNode;
    const oldSubmission = (await children(older))[0] as ReviewNode;
    const parent = queue.getParent(oldSubmission);
    assert.equal(parent?.kind, 'older');
    const grandparent = parent && queue.getParent(parent);
    assert.ok(grandparent?.kind === 'group' && grandparent.group === 'reviewed');
    const recent = (await children((await children())[2]))[0] as ReviewNode;
    const recentParent = queue.getParent(recent);
    assert.ok(recentParent?.kind === 'group' && recentParent.group === 'reviewed');
  });

  it('follows the recent-days setting; with nothing older there is no Older node', async () => {
    recentDays = 60;
    const q = queue.contents();
    assert.deepEqual([q.reviewed, q.older], [[ids['ex-mid'], ids['ex-old']], []], 'newest verdict first');
    const underReviewed = await children((await children())[2]);
    assert.deepEqual(underReviewed.map((n) => n.kind), ['submission', 'submission']);
  });
});
