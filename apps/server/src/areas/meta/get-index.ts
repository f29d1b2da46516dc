import { definePlatformOperation } from '../../platform/http/operations'

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ECODrIx API</title></head>
<body>
<h1>ECODrIx API</h1>
<ul>
<li><a href="/docs">API reference</a></li>
<li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/api/saas/health">Health</a></li>
</ul>
</body>
</html>
`

/** `GET /`: where a person who opens the server's address in a browser starts. */
export const getIndexOperation = definePlatformOperation('meta.index', async ({ c }) => c.html(page, 200))
