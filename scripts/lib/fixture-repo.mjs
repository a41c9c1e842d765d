// The integration tests' workspace: a small git repository generated fresh for every run.
// Tests add what else they need at run time (they may run git in it).
import { makeGitRepo } from './git-repo.mjs';

const ADA = 'Ada Lovelace <ada@example.com>';
const GRACE = 'Grace Hopper <grace@example.com>';

export const FIXTURE_COMMITS = [
  {
    author: ADA, date: '2025-01-06T09:00:00Z', message: 'Initial commit\n',
    files: {
      'README.md': '# fixture\n\nA small repository for Practicum integration tests.\n',
      '.gitignore': 'node_modules/\n',
    },
  },
  {
    author: GRACE, date: '2025-01-07T10:30:00Z', message: 'Add greeting module\n',
    files: { 'src/greet.js': "export function greet(name) {\n  return `Hello, ${name}!`;\n}\n" },
  },
  {
    author: ADA, date: '2025-01-08T14:15:00Z',
    message: 'Handle empty names\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
    files: { 'src/greet.js': "export function greet(name) {\n  return `Hello, ${name || 'world'}!`;\n}\n" },
  },
];

export function makeFixtureRepo(dir) {
  return makeGitRepo(dir, FIXTURE_COMMITS);
}
