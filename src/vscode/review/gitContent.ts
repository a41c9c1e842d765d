import * as vscode from 'vscode';
import { z } from 'zod';
import { fileAt } from '../../core/review/changes';

/** Read-only documents of a file at a commit: `practicum-git:/<path>?<json>`. */
export const GIT_SCHEME = 'practicum-git';

/** What a `practicum-git` URI names; `side` tells the comment controller where new threads may go. */
export const GitUriQuerySchema = z.object({
  repo: z.string(),
  commit: z.string(),
  submission: z.string(),
  side: z.enum(['base', 'head']),
});
export type GitUriQuery = z.infer<typeof GitUriQuerySchema>;

/** Keys in a fixed order: comment threads match documents by URI, so equal queries must be equal strings. */
export function gitUri(file: string, q: GitUriQuery): vscode.Uri {
  const query = JSON.stringify({ repo: q.repo, commit: q.commit, submission: q.submission, side: q.side });
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: '/' + file, query });
}

/** The file path and query of a `practicum-git` URI, or undefined for any other URI. */
export function parseGitUri(uri: vscode.Uri): (GitUriQuery & { file: string }) | undefined {
  if (uri.scheme !== GIT_SCHEME) return undefined;
  try {
    const q = GitUriQuerySchema.safeParse(JSON.parse(uri.query));
    return q.success ? { ...q.data, file: uri.path.replace(/^\//, '') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves file contents from git on demand: the diff editor asks only for the files it shows, so a
 * submission with hundreds of files costs nothing until one is opened. Contents never change (a
 * commit is immutable), so there is no change event.
 */
export class GitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = parseGitUri(uri);
    if (!q) return '';
    return (await fileAt(q.repo, q.commit, q.file)) ?? '';
  }
}
