import assert from 'node:assert/strict'
import { test } from 'node:test'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import { errorStatus } from '../../src/platform/http/errors'

// The compiler already holds errorStatus to exactly the spec's enum; these check what it cannot read.
const errorCode = openapiDocument.components.schemas.ErrorCode as { enum: string[]; 'x-enum-descriptions': Record<string, string> }

test("every error code's meaning in the spec starts with the status the server answers it with", () => {
  assert.deepEqual(Object.keys(errorCode['x-enum-descriptions']).sort(), [...errorCode.enum].sort())
  for (const code of errorCode.enum) {
    const status = errorStatus[code as keyof typeof errorStatus]
    assert.match(errorCode['x-enum-descriptions'][code] ?? '', new RegExp(`^${status}: `), code)
  }
})

test("every error example in the spec carries a code of the status it is the example of", () => {
  const examples: Array<{ where: string; status: string; code: unknown }> = []
  const collect = (where: string, responses: Record<string, any> | undefined) => {
    for (const [status, response] of Object.entries(responses ?? {})) {
      const example = response.content?.['application/json']?.example
      if (example?.success === false) examples.push({ where: `${where} ${status}`, status, code: example.code })
    }
  }
  collect('components.responses', openapiDocument.components.responses as Record<string, any>)
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, any>)) collect(`${method} ${path}`, operation.responses)
  }
  assert.ok(examples.length > 0)
  for (const { where, status, code } of examples) {
    assert.ok(errorCode.enum.includes(code as string), `${where}: ${String(code)} is an ErrorCode`)
    if (/^\d+$/.test(status)) assert.equal(String(errorStatus[code as keyof typeof errorStatus]), status, where)
  }
})
