import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/**
 * The page every Practicum webview starts from: CSP `default-src 'none'`, one script allowed by a
 * fresh nonce, styles, images and fonts only from the webview's own source, assets through
 * `asWebviewUri`, and an `#app` live region the script renders into.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, o: { script: string; style: string; title: string }): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', o.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', o.style));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  const title = o.title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
