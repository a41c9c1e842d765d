import type * as http from 'node:http';
import type { NormalizedFaultScript } from './faults';
import type { Ledger } from './ledger';

export interface ServerState {
  faults: NormalizedFaultScript;
  ledger: Ledger;
}

/** The request handler: routes each surface (stub: health only). */
export function createHandler(_state: ServerState): http.RequestListener {
  return (req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } }));
  };
}
