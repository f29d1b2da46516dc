import { AppError } from '../../platform/http/errors'

/** `https://Client-Domain.com/pricing?x=1` → `https://client-domain.com`: browsers send only the origin. */
export function originOf(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AppError('VALIDATION_ERROR', 'url is not a valid URL', [{ path: 'body.url', message: 'Invalid URL' }])
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('VALIDATION_ERROR', 'url must use http or https', [
      { path: 'body.url', message: 'Only http and https origins can be allowed' },
    ])
  }
  return parsed.origin
}
