import { createHash } from 'node:crypto';
import { REF_NAMESPACE, REVIEWS_PREFIX, SUBMISSIONS_PREFIX } from './schema';

/** Hex characters of the record's SHA-256 kept in its ref name (128 bits: no second record fits the same name). */
const DIGEST_HEX = 32;

/** Where a signature that git appended to a tag message starts (SSH, OpenPGP, X.509). */
const SIGNATURE_START = /\n-----BEGIN (?:SSH SIGNATURE|PGP SIGNATURE|SIGNED MESSAGE)-----\n/;

/** A tag message split into the record text and the signature git appended to it, if any. */
export function splitSignature(message: string): { text: string; signature: string | undefined } {
  const m = SIGNATURE_START.exec(`\n${message}`);
  if (!m) return { text: message.trim(), signature: undefined };
  const at = m.index; // index in the prefixed string = index of the newline before it in `message` + 1
  return { text: message.slice(0, at).trim(), signature: message.slice(at) };
}

/** The digest a record's ref name carries: the first 128 bits of SHA-256 of its JSON text. */
export function recordDigest(text: string): string {
  return createHash('sha256').update(text.trim(), 'utf8').digest('hex').slice(0, DIGEST_HEX);
}

/** `<id>.<digest>`: the last component of a content-bound record name. */
export const boundLeaf = (id: string, text: string): string => `${id}.${recordDigest(text)}`;

/** What a ref name under `refs/practicum/` says about the record it should hold. */
export interface RecordName {
  kind: 'submission' | 'review' | 'other';
  /** The record id the name claims. */
  id: string;
  /** For a review, the submission it belongs to. */
  submission?: string;
  /** The content digest in the name; undefined for a name written before names carried one (legacy). */
  digest?: string;
}

const leafOf = (leaf: string): { id: string; digest?: string } => {
  const dot = leaf.lastIndexOf('.');
  return dot < 0 ? { id: leaf } : { id: leaf.slice(0, dot), digest: leaf.slice(dot + 1) };
};

export function parseRecordRef(ref: string): RecordName {
  if (ref.startsWith(SUBMISSIONS_PREFIX)) {
    const rest = ref.slice(SUBMISSIONS_PREFIX.length);
    return rest.includes('/') ? { kind: 'other', id: rest } : { kind: 'submission', ...leafOf(rest) };
  }
  if (ref.startsWith(REVIEWS_PREFIX)) {
    const parts = ref.slice(REVIEWS_PREFIX.length).split('/');
    if (parts.length !== 2) return { kind: 'other', id: parts.join('/') };
    return { kind: 'review', submission: parts[0], ...leafOf(parts[1] ?? '') };
  }
  return { kind: 'other', id: ref.slice(REF_NAMESPACE.length + 1) };
}

/**
 * Why `text` may not be stored under `ref`, or undefined when it may: a content-bound name must carry
 * the digest of exactly this text. Legacy names (no digest) carry no claim to check.
 */
export function digestMismatch(ref: string, text: string): string | undefined {
  const { digest } = parseRecordRef(ref);
  if (digest === undefined || digest === recordDigest(text)) return undefined;
  return `its content does not match the digest in its name (${digest.slice(0, 12)}…): the record was replaced after it was written`;
}
