interface GoogleFailure {
  /** Short and safe to show a tenant: Google's error code and message, never a token. */
  reason: string
  /** True when Google did not answer (network, timeout) or failed on its side (5xx). */
  unavailable: boolean
}

interface GaxiosLike {
  name?: string
  message?: string
  status?: number
  response?: { status?: number; data?: unknown }
  cause?: unknown
}

/** The error and its causes, outermost first (fetch's "fetch failed" wraps the useful "ECONNREFUSED …"). */
function causeChain(error: unknown): GaxiosLike[] {
  const chain: GaxiosLike[] = []
  for (let link = error as GaxiosLike | undefined; link && chain.length < 5; link = link.cause as GaxiosLike | undefined) chain.push(link)
  return chain
}

/** Reads a failed googleapis call: OAuth errors are `{error, error_description}`, API errors `{error: {code, message}}`. */
export function describeGoogleFailure(error: unknown): GoogleFailure {
  const failure = (error ?? {}) as GaxiosLike
  const status = failure.response?.status ?? failure.status
  if (!status) {
    const chain = causeChain(error)
    if (chain.some((link) => /abort|timeout/i.test(`${link.name} ${link.message}`))) {
      return { reason: 'Google did not answer in time', unavailable: true }
    }
    const detail = chain.map((link) => link.message).findLast(Boolean)
    return { reason: `Google could not be reached${detail ? ` (${detail})` : ''}`, unavailable: true }
  }
  const data = failure.response?.data as { error?: unknown; error_description?: unknown } | undefined
  const apiError = typeof data?.error === 'object' && data.error ? (data.error as { message?: unknown }) : undefined
  const detail =
    typeof data?.error === 'string'
      ? [data.error, data.error_description].filter((part) => typeof part === 'string').join(': ')
      : typeof apiError?.message === 'string'
        ? apiError.message
        : failure.message
  return { reason: `Google answered ${status}${detail ? ` (${detail})` : ''}`, unavailable: status >= 500 }
}

/** Google's answer when a refresh token was revoked, expired or never valid. */
export const isRevokedGrant = (error: unknown) =>
  ((error as GaxiosLike)?.response?.data as { error?: unknown } | undefined)?.error === 'invalid_grant'
