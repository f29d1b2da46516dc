import { AppError } from '../../platform/http/errors'

/** Scheme, `//`, an authority without credentials, at most a trailing slash: no path, query, fragment or control characters. */
const originShape = /^https?:\/\/[^\u0000-\u0020\u007f/?#\\@]+\/?$/i

/**
 * `https://Client-Domain.com` → `https://client-domain.com`. The url must be an origin as browsers
 * send it (http or https, a host, an optional port). Anything more is refused rather than cut away
 * (the URL parser would silently drop control characters, dot segments and default ports), so what
 * is stored is what the caller meant.
 */
export function originOf(url: string): string {
  const parsed = originShape.test(url) && URL.canParse(url) ? new URL(url) : undefined
  if (!parsed || parsed.href !== `${parsed.origin}/`) {
    const message = 'Must be an http(s) origin: scheme, host and optional port, without path, query, fragment or credentials'
    throw new AppError('VALIDATION_ERROR', `url: ${message}`, [{ path: 'body.url', message }])
  }
  return parsed.origin
}
