import { defineConfig } from 'hono-takibi/config'

export default defineConfig({
  input: '../../openapi/dist/openapi.json',
  'zod-openapi': {
    output: './src/generated/routes.ts',
    exportSchemas: true,
    exportResponses: true,
    exportParameters: true,
    exportSecuritySchemes: true,
  },
})
