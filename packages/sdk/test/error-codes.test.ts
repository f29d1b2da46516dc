import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type EcodrixAnyErrorCode, EcodrixError, type EcodrixErrorCode, isEcodrixError } from '../src/index'
import { assertSameType, sendJson, startServer, tenantClient } from './server'

const leadExists = { success: false, message: 'An open lead with phone +919876543210 already exists', code: 'LEAD_EXISTS' }

test('isEcodrixError with a code matches only an error of that code', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 409, leadExists))
  const error: unknown = await tenantClient(server)
    .POST('/api/crm/leads', { body: { firstName: 'Asha', phone: '+919876543210' } })
    .catch((caught: unknown) => caught)
  assert.ok(isEcodrixError(error))
  assert.ok(isEcodrixError(error, 'LEAD_EXISTS'))
  assert.ok(!isEcodrixError(error, 'LEAD_NOT_FOUND'))
  assert.ok(!isEcodrixError(new Error('boom'), 'LEAD_EXISTS'))
  if (isEcodrixError(error, 'LEAD_EXISTS')) assertSameType<typeof error.code, 'LEAD_EXISTS'>(true)
})

test('isEcodrixError with a code recognises an error from another copy of the SDK', () => {
  const foreign = Object.assign(new Error('offline'), { name: 'EcodrixError', status: 0, code: 'NETWORK_ERROR' })
  assert.ok(isEcodrixError(foreign, 'NETWORK_ERROR'))
  assert.ok(!isEcodrixError(foreign, 'TIMEOUT'))
})

test('a misspelt code does not compile (tsc checks this file)', () => {
  const error: unknown = new EcodrixError({ status: 409, code: 'LEAD_EXISTS', message: leadExists.message })
  if (isEcodrixError(error)) {
    // @ts-expect-error LEAD_EXSITS is no code: the comparison has no overlap with EcodrixError['code']
    assert.equal(error.code === 'LEAD_EXSITS', false)
    assert.equal(error.code === 'LEAD_EXISTS', true)
    assert.equal(error.code === 'HTTP_502', false)
  }
  // @ts-expect-error nor as the guard's code
  assert.equal(isEcodrixError(error, 'LEAD_EXSITS'), false)
  // @ts-expect-error nor as a constructed error's
  assert.ok(new EcodrixError({ status: 409, code: 'LEAD_EXSITS', message: '' }))
  // @ts-expect-error client-side codes are not server codes
  const serverCode: EcodrixErrorCode = 'NETWORK_ERROR'
  assert.ok(serverCode)
  assertSameType<EcodrixError['code'], EcodrixAnyErrorCode>(true)
})
