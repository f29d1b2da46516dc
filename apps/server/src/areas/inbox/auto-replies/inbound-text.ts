// Combining Diacritical Marks: the accents of Latin, Greek and Cyrillic letters once decomposed.
// Other scripts' combining marks (Devanagari vowel signs, a nukta…) are part of their letters and stay.
const ACCENTS = /[\u0300-\u036f]/g
const WHITESPACE = /\s+/g
const PUNCTUATION = /^\p{P}$/u

/**
 * A text as `contains` and `exact` compare it: lowercase, compatibility forms folded (ﬁ, full-width
 * letters), Latin accents removed, each run of whitespace one space, trimmed.
 */
export function normalizeText(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(ACCENTS, '').normalize('NFC').replace(WHITESPACE, ' ').trim()
}

/** A normalised text without the punctuation at its ends ("stop!" → "stop"): what `exact` compares. */
export function withoutEndPunctuation(normalized: string): string {
  const chars = Array.from(normalized)
  const kept = (char: string) => char !== ' ' && !PUNCTUATION.test(char)
  const start = chars.findIndex(kept)
  return start < 0 ? '' : chars.slice(start, chars.findLastIndex(kept) + 1).join('')
}

/** An inbound text in the three forms the matchers read, each computed once per message. */
export interface InboundText {
  /** As received: what a `regex` searches. */
  raw: string
  normalized: string
  /** Normalised, without the punctuation at its ends. */
  exact: string
}

export function inboundText(raw: string): InboundText {
  const normalized = normalizeText(raw)
  return { raw, normalized, exact: withoutEndPunctuation(normalized) }
}
