import type * as http from 'node:http';

/**
 * The request body, or undefined as soon as it passes `max` bytes (the request is then paused and
 * nothing more is kept): every server of Practicum's reads bodies through this cap.
 */
export function readCappedBody(req: http.IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size > max) return;
      size += c.length;
      if (size > max) {
        chunks.length = 0;
        req.pause();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
