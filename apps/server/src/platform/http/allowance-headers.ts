import type { Context } from 'hono'
import type { AllowanceTaken } from '../request-guards/rate-limit-windows'
import type { AppEnv } from './app-env'

/** The `RateLimit-*` headers of an answer to a request counted against an allowance (a 429 carries its own). */
export function answerAllowance(c: Context<AppEnv>, allowance: AllowanceTaken | undefined): void {
  if (!allowance) return
  c.header('RateLimit-Limit', String(allowance.limit))
  c.header('RateLimit-Remaining', String(allowance.remaining))
  c.header('RateLimit-Reset', String(allowance.resetSeconds))
}
