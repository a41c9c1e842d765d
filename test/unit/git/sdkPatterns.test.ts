import { strict as assert } from 'node:assert';
import { compileRules } from '../../../src/core/git/rules/compileRules';
import { builtinRuleSet } from '../../../src/core/git/rules/loadRules';

/** [path, added line, expected signal stems] */
const lines: Array<[string, string, string[]]> = [
  // Python
  ['app/rag.py', 'from openai import OpenAI', ['sdk:openai']],
  ['app/rag.py', 'import openai', ['sdk:openai']],
  ['app/rag.py', 'import os, openai as oa', ['sdk:openai']],
  ['app/rag.py', 'import anthropic', ['sdk:anthropic']],
  ['app/rag.py', 'from langchain_openai import ChatOpenAI', ['sdk:langchain']],
  ['app/rag.py', 'from langchain.chains import RetrievalQA', ['sdk:langchain']],
  ['app/rag.py', 'from langgraph.graph import StateGraph', ['sdk:langchain']],
  ['app/rag.py', 'from llama_index.core import VectorStoreIndex', ['sdk:llama-index']],
  ['app/rag.py', 'import litellm', ['sdk:litellm']],
  ['app/rag.py', 'from google import genai', ['sdk:google-genai']],
  ['app/rag.py', 'import google.generativeai as genai', ['sdk:google-genai']],
  ['app/rag.py', 'from vertexai.generative_models import GenerativeModel', ['sdk:vertexai']],
  ['app/rag.py', 'client = boto3.client("bedrock-runtime")', ['sdk:bedrock']],
  ['app/rag.py', 'from mistralai import Mistral', ['sdk:mistral']],
  ['app/rag.py', 'import cohere', ['sdk:cohere']],
  ['app/rag.py', 'import ollama', ['sdk:ollama']],
  ['app/rag.py', 'from transformers import AutoModel', ['sdk:transformers']],
  ['app/rag.py', 'from sentence_transformers import SentenceTransformer', ['sdk:sentence-transformers']],
  ['app/rag.py', 'import tiktoken', ['sdk:tiktoken']],
  ['app/rag.py', 'import chromadb', ['sdk:chromadb']],
  ['app/rag.py', 'from pinecone import Pinecone', ['sdk:pinecone']],
  ['app/rag.py', 'import weaviate', ['sdk:weaviate']],
  ['app/rag.py', 'from qdrant_client import QdrantClient', ['sdk:qdrant']],
  ['app/rag.py', 'import faiss', ['sdk:faiss']],
  ['app/rag.py', 'from pgvector.sqlalchemy import Vector', ['sdk:pgvector']],
  ['nb/explore.ipynb', '    "import openai\\n",', ['sdk:openai']],
  // TypeScript / JavaScript
  ['src/ai.ts', "import OpenAI from 'openai';", ['sdk:openai']],
  ['src/ai.ts', "import Anthropic from '@anthropic-ai/sdk';", ['sdk:anthropic']],
  ['src/ai.ts', "import { generateText } from 'ai';", ['sdk:ai-sdk']],
  ['src/ai.ts', "import { openai } from '@ai-sdk/openai';", ['sdk:ai-sdk']],
  ['src/ai.ts', "import { ChatOpenAI } from '@langchain/openai';", ['sdk:langchain']],
  ['src/ai.ts', "import { PromptTemplate } from 'langchain/prompts';", ['sdk:langchain']],
  ['src/ai.ts', "import { VectorStoreIndex } from 'llamaindex';", ['sdk:llama-index']],
  ['src/ai.ts', "import { GoogleGenAI } from '@google/genai';", ['sdk:google-genai']],
  ['src/ai.ts', "import { VertexAI } from '@google-cloud/vertexai';", ['sdk:vertexai']],
  ['src/ai.ts', "import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';", ['sdk:bedrock']],
  ['src/ai.ts', "import { Mistral } from '@mistralai/mistralai';", ['sdk:mistral']],
  ['src/ai.js', "const { CohereClient } = require('cohere-ai');", ['sdk:cohere']],
  ['src/ai.mjs', "import ollama from 'ollama'", ['sdk:ollama']],
  ['src/ai.ts', "const { pipeline } = await import('@huggingface/transformers');", ['sdk:transformers']],
  ['src/ai.ts', 'import { encoding_for_model } from "tiktoken";', ['sdk:tiktoken']],
  ['src/ai.ts', "import { ChromaClient } from 'chromadb';", ['sdk:chromadb']],
  ['src/ai.ts', "import { Pinecone } from '@pinecone-database/pinecone';", ['sdk:pinecone']],
  ['src/ai.ts', "import weaviate from 'weaviate-client';", ['sdk:weaviate']],
  ['src/ai.ts', "import { QdrantClient } from '@qdrant/js-client-rest';", ['sdk:qdrant']],
  ['src/ai.ts', "import { IndexFlatL2 } from 'faiss-node';", ['sdk:faiss']],
  ['src/ai.ts', "import pgvector from 'pgvector/pg';", ['sdk:pgvector']],
  // Go
  ['svc/llm.go', '\t"github.com/openai/openai-go"', ['sdk:openai']],
  ['svc/llm.go', 'import "github.com/sashabaranov/go-openai"', ['sdk:openai']],
  ['svc/llm.go', '\tanthropic "github.com/anthropics/anthropic-sdk-go/option"', ['sdk:anthropic']],
  ['svc/llm.go', '\t"github.com/tmc/langchaingo/llms"', ['sdk:langchain']],
  ['svc/llm.go', '\t"google.golang.org/genai"', ['sdk:google-genai']],
  ['svc/llm.go', '\t"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"', ['sdk:bedrock']],
  ['svc/llm.go', '\t"github.com/ollama/ollama/api"', ['sdk:ollama']],
  ['svc/llm.go', '\t"github.com/qdrant/go-client/qdrant"', ['sdk:qdrant']],
  ['svc/llm.go', '\t"github.com/pgvector/pgvector-go"', ['sdk:pgvector']],
  // Java / Kotlin
  ['src/Main.java', 'import com.openai.client.OpenAIClient;', ['sdk:openai']],
  ['src/Main.java', 'import com.anthropic.client.AnthropicClient;', ['sdk:anthropic']],
  ['src/Main.java', 'import dev.langchain4j.model.chat.ChatModel;', ['sdk:langchain']],
  ['src/Main.java', 'import com.google.genai.Client;', ['sdk:google-genai']],
  ['src/Main.java', 'import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;', ['sdk:bedrock']],
  ['src/Main.kt', 'import io.pinecone.clients.Pinecone', ['sdk:pinecone']],
  ['src/Main.java', 'import com.pgvector.PGvector;', ['sdk:pgvector']],
  // Dependency manifests
  ['package.json', '    "openai": "^4.0.0",', ['dep:openai']],
  ['web/package.json', '    "@ai-sdk/anthropic": "^1.0.0",', ['dep:ai-sdk']],
  ['requirements.txt', 'openai>=1.30', ['dep:openai']],
  ['requirements-dev.txt', 'sentence-transformers==3.0.1', ['dep:sentence-transformers']],
  ['pyproject.toml', '  "llama-index-core>=0.10",', ['dep:llama-index']],
  ['go.mod', '\tgithub.com/openai/openai-go v1.2.0', ['dep:openai']],
  // Look-alikes
  ['src/ai.ts', "import { aim } from 'aim';", []],
  ['src/ai.ts', "import { x } from './openai';", []],
  ['src/ai.ts', '// we should try openai here', []],
  ['app/rag.py', 'import openai_helpers', []],
  ['app/rag.py', 'openai_key = settings.key', []],
  ['README.md', 'from openai import OpenAI', []],
  ['docs/setup.txt', 'import openai', []],
  ['package.json', '    "description": "calls openai",', []],
  ['requirements.txt', 'openai-whisper-tools==1.0', []],
];

describe('SDK patterns on added lines', () => {
  const rules = compileRules(builtinRuleSet());
  for (const [path, line, expected] of lines) {
    it(`${path}: ${line.trim()} → ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(rules.addedLineMatcher(path)?.(line) ?? [], expected);
    });
  }

  it('recognises added prompt and eval files by path', () => {
    assert.equal(rules.fileRuleFor('prompts/summarize.md'), 'prompt');
    assert.equal(rules.fileRuleFor('src/agent/prompts/system.txt'), 'prompt');
    assert.equal(rules.fileRuleFor('.github/prompts/review.prompt.md'), 'prompt');
    assert.equal(rules.fileRuleFor('flows/chat.prompty'), 'prompt');
    assert.equal(rules.fileRuleFor('evals/cases.yaml'), 'eval');
    assert.equal(rules.fileRuleFor('promptfooconfig.yaml'), 'eval');
    assert.equal(rules.fileRuleFor('src/prompt.ts'), undefined);
    assert.equal(rules.fileRuleFor('docs/evaluation.md'), undefined);
  });
});
