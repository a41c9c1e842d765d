import { contentTerms, fnv1a } from './text';

export const DEFAULT_DIMENSIONS = 256;

/**
 * A deterministic embedding: content-word stems (weight 1), adjacent word pairs (0.5) and the
 * character trigrams of each word (0.25 each), hashed into `dimensions` buckets with a hashed sign,
 * then L2-normalised. Texts sharing words or word pieces score a high cosine; unrelated texts near 0.
 * `degraded` hashes the whole text instead, so similar texts no longer land near each other.
 */
export function embed(text: string, dimensions = DEFAULT_DIMENSIONS, degraded = false): number[] {
  const v = new Float64Array(dimensions);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    v[h % dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
  };
  if (degraded) {
    for (let i = 0; i < 8; i++) add(`${i}\u0000${text}`, 1);
  } else {
    const words = contentTerms(text);
    words.forEach((w, i) => {
      add(`w:${w}`, 1);
      if (i > 0) add(`b:${words[i - 1]} ${w}`, 0.5);
      const padded = ` ${w} `;
      for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, 0.25);
    });
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Little-endian float32 bytes, base64 (the OpenAI `encoding_format: "base64"` form). */
export function toBase64(v: number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString('base64');
}
