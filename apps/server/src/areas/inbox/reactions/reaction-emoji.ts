import emojiRegex from 'emoji-regex'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
// emoji-regex spells astral code points as surrogate pairs, so the anchored copy takes no `u` flag.
const wholeEmoji = new RegExp(`^(?:${emojiRegex().source})$`)

/**
 * What WhatsApp accepts as a reaction: one emoji grapheme (a skin tone, a ZWJ family or a flag
 * is one). The empty string is the removal, as Meta documents.
 */
export function isReactionEmoji(text: string): boolean {
  if (text === '') return true
  const [first, second] = graphemes.segment(text)
  return first !== undefined && second === undefined && wholeEmoji.test(text)
}
