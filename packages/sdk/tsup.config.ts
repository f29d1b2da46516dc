import { defineConfig } from 'tsup'

export default defineConfig({
  // `webhooks` is also an entry of its own: `@ecodrix/sdk/webhooks` has no HTTP client in it.
  // `testing` imports msw, a peer dependency tsup leaves external.
  entry: ['src/index.ts', 'src/webhooks.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  // In a `"type": "module"` package esbuild imports a CJS dependency's default export with Node
  // semantics, which hands the CJS build `module.exports` instead of openapi-fetch's `createClient`.
  // Bundling it resolves its ESM build for both formats. Its types stay imported from the package.
  noExternal: ['openapi-fetch'],
  // tsup's declaration build sets `baseUrl`, which TypeScript 6 rejects as deprecated unless told otherwise.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  clean: true,
  target: 'node18',
})
