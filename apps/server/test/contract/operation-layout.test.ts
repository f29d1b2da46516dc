import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { test } from 'node:test'
import { modules } from '../../src/modules'

const src = join(import.meta.dirname, '../../src')
const areas = join(src, 'areas')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

/** Every `defineTenantOperation('x.y'` / `definePlatformOperation('x.y'` in the server's code: operationId → files. */
function definitions(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const file of sourceFiles(src)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/define(?:Tenant|Platform)Operation\(\s*'([^']+)'/g)) {
      found.set(match[1]!, [...(found.get(match[1]!) ?? []), relative(src, file)])
    }
  }
  return found
}

const served = modules.flatMap((module) => (module.operations ?? []).map((operation) => operation.operationId))

test('each operationId is defined exactly once, and each module serves it once', () => {
  for (const [operationId, files] of definitions()) assert.equal(files.length, 1, `${operationId} is defined in ${files.join(', ')}`)
  assert.equal(new Set(served).size, served.length, `served twice: ${served.filter((id, index) => served.indexOf(id) !== index)}`)
})

test("every operation lives in the folder its operationId's prefix names (notes.create in a notes/ folder)", () => {
  const defined = definitions()
  for (const operationId of served) {
    const [file] = defined.get(operationId) ?? []
    assert.ok(file, `no file defines ${operationId}`)
    const folders = relative(areas, join(src, file)).split(sep).slice(0, -1)
    assert.ok(!folders.includes('..'), `${operationId} is defined outside src/areas (${file})`)
    const prefix = operationId.split('.')[0]!
    assert.ok(folders.includes(prefix), `${operationId} is in ${file}, not under a ${prefix}/ folder`)
  }
})
