import { parseIdent } from '../trailers';

/**
 * Whether a trailer value such as `Assisted-by: …` names an AI agent or model rather than a person,
 * and which part of it said so. Used for trailer rules with `aiValue: true`.
 *
 *   `Name <email>`        the email decides: an AI identity's email counts, a person's does not
 *   `AGENT:MODEL [TOOL…]` the Linux kernel's form (Documentation/process/coding-assistants.rst),
 *                         when MODEL holds a digit or AGENT/MODEL is a known name
 *   a model id anywhere   `claude-3-opus`, `gpt-4o`, `gemini-2.5-pro`
 *   otherwise             every word is a known agent, model, vendor, version or joining word,
 *                         and at least one is an agent or model: `Claude Opus 4.6`, `GitHub Copilot`;
 *                         `Claude Dupont` or `Junio C Hamano` are people
 */
export type AiValueMatch = { part: 'email' | 'kernel form' | 'model id' | 'name'; text: string };

/** Agents and models: a word of a value that names one. */
const agentWords = new Set(
  (
    'claude opus sonnet haiku anthropic-claude chatgpt gpt codex copilot cursor cursoragent gemini jules devin aider amp ' +
    'openhands opencode windsurf codeium tabnine cody cline roo kilo kiro junie continue qwen qwen-coder deepseek llama codellama ' +
    'mistral codestral devstral mixtral grok glm kimi o1 o3 o4 o4-mini o3-mini phi starcoder gemma goose crush factory droid ' +
    'claude-code claudecode gemini-cli copilot-swe-agent'
  ).split(' '),
);

/** Words that qualify a name without being one: vendors, model tiers, tool words, joining words. */
const qualifierWords = new Set(
  (
    'github openai anthropic google microsoft amazon aws meta xai alibaba moonshot zhipu mistralai jetbrains sourcegraph ' +
    'code cli agent agents assistant chat coder coding pro flash lite mini nano max turbo ultra large medium small instruct ' +
    'thinking reasoning preview latest high low context 1m 200k extended mode model models ai llm ide vscode vs ' +
    'via with and using by in on + / & - , and/or plus the an a cloud web app'
  ).split(' '),
);

/** `4`, `4.6`, `3.5`, `2025-05-14`, `v1.2`, `(1M`, `context)`: version-like tokens. */
const versionToken = /^v?\d[\d.\-_]*[a-z]?$/i;

/** A model id: a known family followed by a version (`claude-3-opus`, `gpt-4o`, `gemini-2.5-pro`, `qwen3-coder`, `o3`). */
const modelId = /(?:^|[\s:/(,])((?:claude|gpt|gemini|qwen|deepseek|llama|codellama|mistral|codestral|devstral|grok|glm|kimi|gemma|phi)-?\d[\w.-]*|(?:claude|gpt)-[\w.-]*\d[\w.-]*|o[134](?:-mini|-pro)?)(?=$|[\s,)])/i;

/** The kernel's `AGENT_NAME:MODEL_VERSION [TOOL1] [TOOL2]`; AGENT and MODEL have no spaces. */
const kernelForm = /^([A-Za-z][\w.+-]*):([A-Za-z0-9][\w.+/-]*)(?:\s+[\w.+/-]+)*$/;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[()[\]"'`]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Which part of `value` names an AI agent or model; undefined for a person (`Name <human@email>`,
 * a bare name) or anything else. `isAiEmail` tells the AI identities' emails (the identity rules).
 */
export function aiTrailerValue(value: string, isAiEmail: (email: string) => boolean): AiValueMatch | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (/^[^\s<>@]+@[^\s<>@]+$/.test(v)) return isAiEmail(v.toLowerCase()) ? { part: 'email', text: v.toLowerCase() } : undefined;
  if (/<[^<>]*>\s*$/.test(v)) {
    const { email } = parseIdent(v);
    return email && isAiEmail(email) ? { part: 'email', text: email } : undefined;
  }
  const k = kernelForm.exec(v);
  if (k && !/^[a-z][\w+.-]*:\/\//i.test(v)) {
    const [, agent = '', model = ''] = k;
    if (/\d/.test(model) || agentWords.has(agent.toLowerCase()) || agentWords.has(model.toLowerCase())) return { part: 'kernel form', text: `${agent}:${model}` };
  }
  const id = modelId.exec(v);
  if (id?.[1]) return { part: 'model id', text: id[1] };
  const ws = words(v);
  if (ws.length === 0 || ws.length > 12) return undefined;
  let named: string | undefined;
  for (const w of ws) {
    if (agentWords.has(w)) named ??= w;
    else if (!qualifierWords.has(w) && !versionToken.test(w)) return undefined;
  }
  return named ? { part: 'name', text: named } : undefined;
}
