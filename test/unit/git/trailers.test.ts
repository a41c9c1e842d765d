import { strict as assert } from 'node:assert';
import { parseIdent, parseTrailers } from '../../../src/core/git/trailers';
import { TempRepo } from '../helpers/gitRepo';

/** Messages where trailer parsing is easy to get wrong; git itself is the oracle. */
const messages: Record<string, string> = {
  plain: 'Add parser\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
  mixedCase: 'Add parser\n\nco-AUTHORED-by: Claude <noreply@anthropic.com>\nASSISTED-BY: Cursor\n',
  bodyParagraph: 'Add parser\n\nCo-authored-by: Claude <noreply@anthropic.com> helped here\nand more prose.\n\nThe final paragraph is prose.\n',
  trailerThenProse: 'Add parser\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\nThanks everyone for the review.\n',
  subjectOnly: 'Co-authored-by: Claude <noreply@anthropic.com>\n',
  subjectAndTrailerNoBlank: 'Add parser\nCo-authored-by: Claude <noreply@anthropic.com>\n',
  gitGeneratedWithProse: 'Fix\n\nThis line is prose\nSigned-off-by: Alice <a@x.example>\nAssisted-by: Claude\n',
  proseMajority: 'Fix\n\nprose one\nprose two\nprose three\nprose four\nAssisted-by: Claude\n',
  proseMajorityWithSignoff: 'Fix\n\nprose one\nprose two\nprose three\nprose four\nSigned-off-by: Alice <a@x.example>\n',
  continuation: 'Fix\n\nAssisted-by: Claude\n  with a long\n  explanation\nSigned-off-by: Alice <a@x.example>\n',
  trailingBlankLines: 'Fix\n\nAssisted-by: Claude\n\n\n',
  spaceBeforeColon: 'Fix\n\nAssisted-by : Claude\n',
  urlIsNotATrailer: 'Fix\n\nhttps://example.com/issue/1\n',
  keyWithSpace: 'Fix\n\nAssisted by: Claude\n',
  cherryPick: 'Fix\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\nAssisted-by: Claude\n',
  dashes: 'Fix\n---\nnot a divider in commits\n\nAssisted-by: Claude\n',
  crlf: 'Fix\r\n\r\nAssisted-by: Claude\r\nMade-with: Cursor\r\n',
  commentLines: 'Fix\n\nAssisted-by: Claude\n# a comment line\n',
  twoParagraphsOfTrailers: 'Fix\n\nAssisted-by: Claude\n\nGenerated-by: Copilot\n',
  empty: '',
};

describe('parseTrailers (git semantics)', () => {
  let repo: TempRepo;
  before(() => {
    repo = new TempRepo();
  });
  after(() => repo.dispose());

  for (const [name, message] of Object.entries(messages)) {
    it(`matches git on "${name}"`, () => {
      repo.git(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '--allow-empty-message', '-F', '-'], {}, message);
      const fromGit = repo
        .git(['log', '-1', '--format=%(trailers:only,unfold,separator=%x00)'])
        .split('\0')
        .filter(Boolean)
        .map((l) => {
          const i = l.indexOf(':');
          return { key: l.slice(0, i).trim().toLowerCase(), value: l.slice(i + 1).trim() };
        });
      assert.deepEqual(parseTrailers(message), fromGit);
    });
  }

  it('reads only the final block: a co-author line in a body paragraph is prose', () => {
    assert.deepEqual(parseTrailers(messages.bodyParagraph as string), []);
    assert.deepEqual(parseTrailers(messages.trailerThenProse as string), []);
    assert.deepEqual(parseTrailers(messages.plain as string), [{ key: 'co-authored-by', value: 'Claude <noreply@anthropic.com>' }]);
  });

  it('splits an identity into name and lower-case email', () => {
    assert.deepEqual(parseIdent('Claude Opus 4.5 <NoReply@Anthropic.com>'), { name: 'Claude Opus 4.5', email: 'noreply@anthropic.com' });
    assert.deepEqual(parseIdent('just a name'), { name: 'just a name', email: '' });
  });
});
