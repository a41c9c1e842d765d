import type { RuleSetInput } from './ruleSchema';

/**
 * Version of the built-in rules, reported as `rulesVersion`. Bump it whenever the data below
 * changes, so scan results say which rules produced them (caches are also keyed on the content).
 */
export const builtinRulesVersion = '2026.12-1';

/**
 * The built-in AI rules. Identities are matched exactly (emails, GitHub bot accounts, a tool's own
 * naming convention), never as substrings of a person's name: "Claude Monet" is a human.
 */
export const builtinRules: RuleSetInput = {
  identities: [
    // Claude Code: `Co-Authored-By: Claude <noreply@anthropic.com>`, also with a model name.
    { id: 'claude', emails: ['noreply@anthropic.com'] },
    // GitHub Copilot: the Copilot account under several numeric ids, and the older address.
    { id: 'copilot', emails: ['copilot@github.com'], emailPatterns: ['^\\d+\\+copilot@users\\.noreply\\.github\\.com$'] },
    { id: 'cursor', emails: ['cursoragent@cursor.com'] },
    // aider marks the author name with " (aider)" when it wrote the change, and the committer name on
    // every commit it makes, including the user's own edits it commits before editing. So the
    // committer-only form is reported as `committer:aider` but does not by itself make a commit assisted.
    {
      id: 'aider',
      emails: ['noreply@aider.chat', 'aider@aider.chat', 'noreply@aider.dev'],
      namePatterns: ['\\s\\(aider\\)$'],
      committerOnly: 'informational',
    },
    { id: 'amp', emails: ['amp@ampcode.com'] },
    { id: 'opencode', emails: ['noreply@opencode.ai'] },
    // Codex: the cloud agent authors as `Codex <codex@openai.com>`; the CLI adds co-authors at
    // noreply@openai.com, named `Codex` or after the model (`gpt-5-codex`).
    { id: 'codex', emails: ['codex@openai.com', 'noreply@openai.com'] },
    { id: 'openhands', emails: ['openhands@all-hands.dev'] },
    // Gemini CLI co-authors with its GitHub account (a user, not an App: no `[bot]`).
    { id: 'gemini-cli', emailPatterns: ['^\\d+\\+gemini-cli@users\\.noreply\\.github\\.com$'] },
  ],
  bots: [
    'copilot-swe-agent',
    'claude',
    'claude-code-action',
    'cursor',
    'devin-ai-integration',
    'google-labs-jules',
    'chatgpt-codex-connector',
    'openai-codex',
    'gemini-code-assist',
  ],
  trailers: [
    // The Linux kernel asks for `Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL1] [TOOL2]`; people also
    // credit people with these keys (`Assisted-by: Junio C Hamano <gitster@pobox.com>`), so the value
    // must name an AI agent or model (see aiTrailerValue).
    { id: 'assisted-by', key: 'Assisted-by', aiValue: true, showValue: true },
    { id: 'generated-by', key: 'Generated-by', aiValue: true, showValue: true },
    { id: 'co-developed-by', key: 'Co-developed-by', aiValue: true, showValue: true },
    { id: 'made-with', key: 'Made-with', showValue: true },
    { id: 'replit-agent', key: 'Replit-Commit-Author', valuePattern: '^(agent|assistant)$', showValue: true },
    { id: 'claude-session', key: 'Claude-Session' },
    { id: 'amp-thread', key: 'Amp-Thread-ID' },
    // Copilot coding agent links the session that wrote the commit.
    { id: 'copilot-agent-logs', key: 'Agent-Logs-Url' },
  ],
  messages: [
    { id: 'claude-code', pattern: 'Generated with \\[Claude Code\\]' },
    { id: 'opencode', pattern: 'Generated with \\[opencode\\]' },
  ],
  sdks: [
    {
      id: 'openai',
      python: ['openai'],
      js: ['openai', '@openai/*'],
      go: ['github.com/openai/openai-go', 'github.com/sashabaranov/go-openai'],
      java: ['com.openai', 'com.theokanning.openai', 'com.azure.ai.openai'],
      pypi: ['openai'],
    },
    {
      id: 'anthropic',
      python: ['anthropic'],
      js: ['@anthropic-ai/*'],
      go: ['github.com/anthropics/anthropic-sdk-go'],
      java: ['com.anthropic'],
      pypi: ['anthropic'],
    },
    { id: 'ai-sdk', js: ['ai', '@ai-sdk/*'] },
    {
      id: 'langchain',
      python: ['langchain*', 'langgraph*'],
      js: ['langchain', '@langchain/*'],
      go: ['github.com/tmc/langchaingo'],
      java: ['dev.langchain4j'],
      pypi: ['langchain*', 'langgraph*'],
    },
    { id: 'llama-index', python: ['llama_index*'], js: ['llamaindex', '@llamaindex/*'], pypi: ['llama-index*'] },
    { id: 'litellm', python: ['litellm'], pypi: ['litellm'] },
    {
      id: 'google-genai',
      python: ['google.genai', 'google.generativeai'],
      js: ['@google/genai', '@google/generative-ai'],
      go: ['google.golang.org/genai', 'github.com/google/generative-ai-go'],
      java: ['com.google.genai'],
      pypi: ['google-genai', 'google-generativeai'],
      patterns: [{ keyword: 'genai', regex: '^\\s*from\\s+google\\s+import\\s+(?:genai|generativeai)\\b' }],
    },
    {
      id: 'vertexai',
      python: ['vertexai'],
      js: ['@google-cloud/vertexai'],
      go: ['cloud.google.com/go/vertexai'],
      java: ['com.google.cloud.vertexai'],
      pypi: ['google-cloud-aiplatform', 'vertexai'],
    },
    {
      id: 'bedrock',
      js: ['@aws-sdk/client-bedrock*'],
      go: ['github.com/aws/aws-sdk-go-v2/service/bedrock*'],
      java: ['software.amazon.awssdk.services.bedrock*'],
      patterns: [{ keyword: 'bedrock', regex: '[\'"]bedrock(?:-agent)?-runtime[\'"]' }],
    },
    { id: 'mistral', python: ['mistralai'], js: ['@mistralai/mistralai'], go: ['github.com/gage-technologies/mistral-go'], pypi: ['mistralai'] },
    { id: 'cohere', python: ['cohere'], js: ['cohere-ai'], go: ['github.com/cohere-ai/cohere-go'], java: ['com.cohere'], pypi: ['cohere'] },
    { id: 'ollama', python: ['ollama'], js: ['ollama'], go: ['github.com/ollama/ollama/api'], java: ['io.github.ollama4j'], pypi: ['ollama'] },
    { id: 'transformers', python: ['transformers'], js: ['@huggingface/transformers', '@xenova/transformers'], pypi: ['transformers'] },
    { id: 'sentence-transformers', python: ['sentence_transformers'], pypi: ['sentence-transformers'] },
    {
      id: 'tiktoken',
      python: ['tiktoken'],
      js: ['tiktoken', 'js-tiktoken', '@dqbd/tiktoken'],
      go: ['github.com/pkoukk/tiktoken-go'],
      java: ['com.knuddels.jtokkit'],
      pypi: ['tiktoken'],
    },
    { id: 'chromadb', python: ['chromadb'], js: ['chromadb'], go: ['github.com/amikos-tech/chroma-go'], pypi: ['chromadb'] },
    {
      id: 'pinecone',
      python: ['pinecone'],
      js: ['@pinecone-database/pinecone'],
      go: ['github.com/pinecone-io/go-pinecone'],
      java: ['io.pinecone'],
      pypi: ['pinecone', 'pinecone-client'],
    },
    {
      id: 'weaviate',
      python: ['weaviate'],
      js: ['weaviate-client', 'weaviate-ts-client'],
      go: ['github.com/weaviate/weaviate-go-client'],
      java: ['io.weaviate'],
      pypi: ['weaviate-client'],
    },
    { id: 'qdrant', python: ['qdrant_client'], js: ['@qdrant/*'], go: ['github.com/qdrant/go-client'], java: ['io.qdrant'], pypi: ['qdrant-client'] },
    { id: 'faiss', python: ['faiss'], js: ['faiss-node'], go: ['github.com/DataIntelligenceCrew/go-faiss'], pypi: ['faiss-cpu', 'faiss-gpu'] },
    { id: 'pgvector', python: ['pgvector'], js: ['pgvector'], go: ['github.com/pgvector/pgvector-go'], java: ['com.pgvector'], pypi: ['pgvector'] },
    { id: 'spring-ai', java: ['org.springframework.ai'] },
    { id: 'semantic-kernel', python: ['semantic_kernel'], java: ['com.microsoft.semantickernel'], pypi: ['semantic-kernel'] },
  ],
  files: [
    { id: 'prompt', globs: ['**/prompts/**', '**/*.prompt', '**/*.prompt.*', '**/*.prompty'] },
    { id: 'eval', globs: ['**/evals/**', '**/*.eval.*', '**/promptfooconfig.*'] },
  ],
};
