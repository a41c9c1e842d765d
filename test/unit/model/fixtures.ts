/** Retrieved context the way a RAG app sends it: labelled passages, then the question. */
export const CONTEXT = [
  'Context:',
  '[doc-1] The refund window is 30 days from delivery for all orders.',
  '',
  '[doc-2] Shipping takes 5 business days within the EU.',
  '',
  'src/billing/refund.ts:10-20 export const REFUND_DAYS = 30; // refund window in days',
].join('\n');
export const ASK = `${CONTEXT}\n\nQuestion: How long is the refund window?`;
