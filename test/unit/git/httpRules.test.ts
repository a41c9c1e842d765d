import { strict as assert } from 'node:assert';
import type { ScanRun } from '../../../src/core/git/scan';
import { TempRepo } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

/** One commit per case: the file and the exact line it adds; `signal` undefined means not building. */
const cases: Array<{ name: string; path: string; line: string; signal?: string }> = [
  { name: 'Python httpx to OpenAI', path: 'app/chat.py', line: '    r = httpx.post("https://api.openai.com/v1/chat/completions", headers=headers, json=body)', signal: 'http:openai(+app/chat.py)' },
  { name: 'Python requests to Ollama', path: 'app/local.py', line: 'resp = requests.post("http://localhost:11434/api/generate", json={"model": "llama3", "prompt": p})', signal: 'http:ollama(+app/local.py)' },
  { name: 'Python requests to Ollama embed', path: 'app/vec.py', line: "vec = requests.post('http://127.0.0.1:11434/api/embed', json=req).json()", signal: 'http:ollama(+app/vec.py)' },
  { name: 'Python f-string to a compatible server', path: 'app/embed.py', line: 'resp = requests.post(f"{BASE_URL}/v1/embeddings", json=payload)', signal: 'http:openai-compatible(+app/embed.py)' },
  {
    name: 'Python Azure OpenAI deployment',
    path: 'app/azure.py',
    line: 'url = f"https://{resource}.openai.azure.com/openai/deployments/{deployment}/chat/completions?api-version=2024-06-01"',
    signal: 'http:azure-openai(+app/azure.py)',
  },
  { name: 'TypeScript fetch to Anthropic', path: 'web/claude.ts', line: "const res = await fetch('https://api.anthropic.com/v1/messages', { method: 'POST', headers, body });", signal: 'http:anthropic(+web/claude.ts)' },
  { name: 'TypeScript axios to a compatible server', path: 'web/responses.ts', line: 'const { data } = await axios.post(`${baseUrl}/v1/responses`, body);', signal: 'http:openai-compatible(+web/responses.ts)' },
  {
    name: 'TypeScript Gemini REST',
    path: 'web/gemini.ts',
    line: 'const url = `https://generativelanguage.googleapis.com/v1beta/models/${model}:generateContent?key=${key}`;',
    signal: 'http:gemini(+web/gemini.ts)',
  },
  { name: 'Go net/http to Mistral', path: 'cmd/mistral.go', line: '\treq, err := http.NewRequest("POST", "https://api.mistral.ai/v1/chat/completions", bytes.NewReader(body))', signal: 'http:mistral(+cmd/mistral.go)' },
  {
    name: 'Java HttpClient to Cohere',
    path: 'src/main/java/app/Rerank.java',
    line: '        HttpRequest request = HttpRequest.newBuilder().uri(URI.create("https://api.cohere.com/v2/chat")).POST(BodyPublishers.ofString(json)).build();',
    signal: 'http:cohere(+src/main/java/app/Rerank.java)',
  },
  // Documentation, comments and other APIs: not building.
  { name: 'Markdown curl example', path: 'README.md', line: 'curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer $KEY"' },
  { name: 'Python comment', path: 'app/todo.py', line: '# POST https://api.openai.com/v1/chat/completions with the prompt' },
  { name: 'Python comment after code, URL quoted', path: 'app/note.py', line: 'x = call("local")  # later: "https://api.openai.com/v1/chat/completions"' },
  { name: 'Python one-line docstring', path: 'app/doc.py', line: '    """Calls https://api.openai.com/v1/chat/completions."""' },
  { name: 'TypeScript line comment', path: 'web/todo.ts', line: "// fetch('https://api.anthropic.com/v1/messages') once we have a key" },
  { name: 'TypeScript JSDoc', path: 'web/doc.ts', line: ' * @see https://api.openai.com/v1/responses' },
  { name: 'TypeScript comment after code', path: 'web/after.ts', line: "const url = '/health'; // was 'https://api.openai.com/v1/responses'" },
  { name: 'another API with /v1/', path: 'web/users.ts', line: "const users = await fetch('https://api.example.com/v1/users');" },
  { name: 'a bare host name compared in code', path: 'app/host.py', line: '        if client.base_url.host != "api.openai.com":' },
  { name: 'Python base URL for a client', path: 'app/base.py', line: '    base_url=os.environ.get("OPENAI_API_BASE", "https://api.openai.com"),', signal: 'http:openai(+app/base.py)' },
  { name: 'Ollama port without a model path', path: 'app/health.py', line: 'ok = requests.get("http://localhost:11434/").ok' },
];

describe('HTTP calls to model APIs (building)', () => {
  let repo: TempRepo;
  let run: ScanRun;
  const hashes = new Map<string, string>();

  before(async () => {
    repo = new TempRepo();
    cases.forEach((c, i) => hashes.set(c.name, repo.commit({ message: c.name, files: { [c.path]: c.line + '\n' }, date: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` })));
    run = await scan(repo);
  });
  after(() => repo.dispose());

  for (const c of cases) {
    it(c.signal ? `${c.name}: ${c.signal}` : `${c.name}: not building`, () => {
      const found = aiCommit(run, hashes.get(c.name) as string);
      if (!c.signal) return assert.equal(found, undefined, `unexpected ${found?.signals.join(', ')}`);
      assert.deepEqual(found?.signals, [c.signal]);
      assert.equal(found?.building, true);
    });
  }
});
