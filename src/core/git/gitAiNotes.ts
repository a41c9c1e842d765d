import { z } from 'zod';
import { git, gitStream, type GitOptions } from './gitProcess';

/** The notes ref git-ai (the Git AI standard) writes authorship logs to. */
export const gitAiNotesRef = 'refs/notes/ai';

/** Metadata section of a git-ai authorship log; only the parts the scan reads. */
const AuthorshipMetadataSchema = z.looseObject({
  prompts: z.record(z.string(), z.looseObject({ agent_id: z.looseObject({ tool: z.string().optional() }).optional() })).optional(),
});

/** A note already read: its blob (a changed note gets a new blob) and the signals it gave. */
export interface NoteSignals {
  blob: string;
  signals: string[];
}

/**
 * Signals of one authorship log: `git-ai:<tool>` for each agent with lines in the commit. A log whose
 * attestation section is empty says no line was AI-written, so it gives none.
 */
export function parseGitAiNote(text: string): string[] {
  const lines = text.split('\n');
  const divider = lines.indexOf('---');
  const attestation = divider < 0 ? lines : lines.slice(0, divider);
  const sessions = new Set<string>();
  for (const l of attestation) {
    const m = /^ {2}([0-9a-f]{7,64}) \d/.exec(l);
    if (m) sessions.add(m[1] as string);
  }
  if (sessions.size === 0) return [];
  let meta: z.infer<typeof AuthorshipMetadataSchema> | undefined;
  if (divider >= 0) {
    try {
      const parsed = AuthorshipMetadataSchema.safeParse(JSON.parse(lines.slice(divider + 1).join('\n')));
      if (parsed.success) meta = parsed.data;
    } catch {
      // a log we cannot read still says AI wrote lines
    }
  }
  const tools = new Set<string>();
  for (const s of sessions) {
    const tool = meta?.prompts?.[s]?.agent_id?.tool;
    tools.add(tool ? tool.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 30) || 'unknown' : 'unknown');
  }
  return [...tools].sort().map((t) => `git-ai:${t}`);
}

/**
 * Reads the git-ai notes of the commits `wanted` accepts. Notes whose blob is unchanged since
 * `previous` are not read again; the rest come through one `git cat-file --batch`.
 */
export async function readGitAiNotes(opts: GitOptions, wanted: (hash: string) => boolean, previous: ReadonlyMap<string, NoteSignals>): Promise<Map<string, NoteSignals>> {
  const out = new Map<string, NoteSignals>();
  const list = (await git(opts, ['notes', `--ref=${gitAiNotesRef}`, 'list'])).toString('latin1');
  const toRead = new Map<string, string[]>();
  for (const line of list.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (!blob || !commit || !wanted(commit)) continue;
    const prev = previous.get(commit);
    if (prev?.blob === blob) out.set(commit, prev);
    else toRead.set(blob, [...(toRead.get(blob) ?? []), commit]);
  }
  if (toRead.size === 0) return out;
  let buf = Buffer.alloc(0);
  await gitStream(opts, ['cat-file', '--batch'], (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      const [oid = '', type, size = '0'] = buf.toString('latin1', 0, nl).split(' ');
      if (type === 'missing') {
        buf = buf.subarray(nl + 1);
        continue;
      }
      const end = nl + 1 + Number(size);
      if (buf.length < end + 1) return;
      const signals = parseGitAiNote(buf.toString('utf8', nl + 1, end));
      for (const commit of toRead.get(oid) ?? []) out.set(commit, { blob: oid, signals });
      buf = buf.subarray(end + 1);
    }
  }, [...toRead.keys()].join('\n') + '\n');
  return out;
}
