import { gitOut, runGit } from '../git/gitRun';

/**
 * Runs git in `cwd` and returns stdout, through the one git layer (prompts off, optional locks off, so
 * a check never contends with the learner's own git commands for the index lock).
 */
export function git(cwd: string, args: string[], opts: { maxBuffer?: number } = {}): Promise<string> {
  return gitOut(cwd, args, { maxOutputBytes: opts.maxBuffer });
}

/** Like `git`, but resolves to undefined instead of failing (for probes such as "does this ref exist"). */
export async function gitMaybe(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const r = await runGit(cwd, args, { allowFailure: true });
    return r.code === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}
