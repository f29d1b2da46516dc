import { escapeHtml } from '../../../platform/text/escape-html'

/** What the operator's browser shows once the callback stored the token. */
export function googleConnectedPage(clientName: string): string {
  const heading = `Google Calendar connected for ${escapeHtml(clientName)}`
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${heading}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1>${heading}</h1>
<p>Triggers with <code>requiresMeet</code> now get a Google Meet link. You can close this page.</p>
</body>
</html>
`
}
