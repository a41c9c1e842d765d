import type { ChatMessage, ChatRequest } from './chat';
import { LABEL_AT_START, labelsOf, splitLabels } from './text';

/** A piece of context the answerer may quote. */
export interface Passage {
  text: string;
  labels: string[];
  /** Order of appearance, for stable ties. */
  index: number;
  /** The text without its labels, for scoring. */
  rest: string;
}

const QUESTION_LINE = /^\s*(?:question|q|query|user question)\s*[:：]\s*(.*)$/i;
const QUESTION_ANYWHERE = /^\s*(?:question|q|query|user question)\s*[:：]/im;

/** Passages of a JSON tool result or document list: objects with an id/path and a text. */
function jsonPassages(text: string): string[] | undefined {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const visit = (x: unknown, depth: number) => {
    if (depth > 4 || x == null) return;
    if (Array.isArray(x)) return x.forEach((y) => visit(y, depth + 1));
    if (typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    const body = ['text', 'content', 'chunk', 'snippet', 'body', 'page_content', 'passage'].map((k) => o[k]).find((b) => typeof b === 'string') as string | undefined;
    if (body !== undefined) {
      const id = ['id', 'doc_id', 'docId', 'source', 'path', 'file', 'url'].map((k) => o[k]).find((b) => typeof b === 'string' || typeof b === 'number');
      const start = o.start ?? o.startLine ?? o.start_line ?? o.line_start;
      const end = o.end ?? o.endLine ?? o.end_line ?? o.line_end ?? start;
      let label = '';
      if (id !== undefined) label = typeof start === 'number' && typeof id === 'string' && /\.\w+$/.test(id) ? `${id}:${start}-${end}` : /^\[.*\]$/.test(String(id)) ? String(id) : `[${id}]`;
      out.push(label ? `${label} ${body}` : body);
      return;
    }
    for (const val of Object.values(o)) if (typeof val === 'object') visit(val, depth + 1);
  };
  visit(v, 0);
  return out.length ? out : undefined;
}

/** Splits text into passages: JSON documents, else blocks separated by blank lines or starting with a label. */
export function splitPassages(text: string): string[] {
  const fromJson = jsonPassages(text);
  if (fromJson) return fromJson;
  const out: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    const t = cur.join('\n').trim();
    if (t && !/^[-=_*#\s]*$/.test(t)) out.push(t);
    cur = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*(?:-{3,}|={3,}|\*{3,})\s*$/.test(line)) flush();
    else {
      if (LABEL_AT_START.test(line) || /^\s*#{1,6}\s/.test(line) || /^\s*(?:source|document|doc)\s*[:#]/i.test(line)) flush();
      cur.push(line);
    }
  }
  flush();
  return out;
}

/** The question (last user text, or its "Question:" line) and the passages the answer may draw on. */
export function questionAndContext(req: ChatRequest): { question: string; passages: Passage[]; system: string } {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.text).join('\n');
  const lastUser = findLastIndex(req.messages, (m) => m.role === 'user' && m.text.trim() !== '');
  let question = '';
  const texts: string[] = [];
  req.messages.forEach((m: ChatMessage, i) => {
    if (m.role === 'assistant') return;
    const hasQuestionLine = i === lastUser && QUESTION_ANYWHERE.test(m.text);
    const parts = hasQuestionLine ? [] : splitPassages(m.text);
    if (m.role === 'system') {
      // Instructions are never quoted; labelled documents placed in the system prompt are context.
      texts.push(...parts.filter((p) => labelsOf(p).length > 0));
      return;
    }
    if (i !== lastUser) return void texts.push(...parts);
    if (hasQuestionLine) {
      const lines = m.text.split(/\r?\n/);
      const qi = lines.findIndex((l) => QUESTION_LINE.test(l));
      const rest: string[] = [QUESTION_LINE.exec(lines[qi]!)![1] ?? ''];
      for (let j = qi + 1; j < lines.length && lines[j]!.trim(); j++) rest.push(lines[j]!);
      question = rest.join(' ').trim();
      texts.push(...splitPassages([...lines.slice(0, qi), ...lines.slice(qi + rest.length)].join('\n')));
    } else if (parts.length > 1) {
      const qIdx = findLastIndex(parts, (p) => p.includes('?'));
      const at = qIdx >= 0 ? qIdx : parts.length - 1;
      question = parts[at]!;
      texts.push(...parts.filter((_, j) => j !== at));
    } else {
      question = m.text.trim();
    }
  });
  return { question, system, passages: texts.map((text, index) => toPassage(text, index)) };
}

export function toPassage(text: string, index: number): Passage {
  const { labels, rest } = splitLabels(text);
  return { text, labels, index, rest };
}

export function findLastIndex<T>(xs: T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i;
  return -1;
}
