import { z } from 'zod';
import { DEFAULT_DIMENSIONS, embed, toBase64 } from './embeddings';
import { openAiError } from './openaiChat';
import type { SurfaceHandler } from './surface';
import { countAll } from './tokens';

const Input = z.union([z.string(), z.array(z.string()).min(1), z.array(z.number()), z.array(z.array(z.number())).min(1)]);

/** The parts of an OpenAI embeddings request the server reads. */
export const OpenAiEmbeddingsRequestSchema = z.looseObject({
  model: z.string().optional(),
  input: Input,
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(1).max(4096).optional(),
});

/** Inputs as texts: token arrays become their numbers joined by spaces. */
export function embeddingTexts(input: z.infer<typeof Input>): string[] {
  if (typeof input === 'string') return [input];
  if (input.length && typeof input[0] === 'number') return [(input as number[]).join(' ')];
  return (input as Array<string | number[]>).map((x) => (typeof x === 'string' ? x : x.join(' ')));
}

/** `POST /v1/embeddings`. */
export const openAiEmbeddings: SurfaceHandler = {
  surface: 'openai.embeddings',
  wantsStream: () => false,
  errorBody: openAiError,
  async handle(ex, body) {
    const b = OpenAiEmbeddingsRequestSchema.parse(body);
    const texts = embeddingTexts(b.input);
    const dims = b.dimensions ?? DEFAULT_DIMENSIONS;
    ex.promptTokens = countAll(texts);
    const data = texts.map((t, index) => {
      const v = embed(t, dims, ex.plan.degraded);
      return { object: 'embedding', index, embedding: b.encoding_format === 'base64' ? toBase64(v) : v };
    });
    return ex.json(200, { object: 'list', data, model: b.model ?? '', usage: { prompt_tokens: ex.promptTokens, total_tokens: ex.promptTokens } });
  },
};
