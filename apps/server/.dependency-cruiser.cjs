/**
 * The layering rules of ADR 0002, checked by `npm run lint` (part of `npm test`):
 * areas meet only through each other's index.ts, the platform knows no area, and there are no
 * cycles, between files or between folders (so none between areas).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'area-only-through-its-index',
      comment: 'Another area is imported through its index.ts only; what it does not export there is its own.',
      severity: 'error',
      from: { path: '^src/areas/([^/]+)/' },
      to: { path: '^src/areas/[^/]+/', pathNot: ['^src/areas/$1/', '^src/areas/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-areas-only-through-index',
      comment: 'Code outside the areas (modules.ts, the server) reaches an area through its index.ts only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/areas/' },
      to: { path: '^src/areas/[^/]+/', pathNot: '^src/areas/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-knows-no-area',
      comment: 'The platform offers hooks (modules, the outbox) instead of importing an area or the module list.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: ['^src/areas/', '^src/modules\\.ts$', '^src/server\\.ts$'] },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'Folders of the areas depend on one another in one direction only. Cross-area imports go through an area\'s ' +
        'index.ts, in its root folder, so a cycle between two areas is a cycle between folders too.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/areas/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      comment: 'Type-only imports may go both ways (the platform context and the jobs it holds); code may not.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
}
