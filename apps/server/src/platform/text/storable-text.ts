/**
 * What PostgreSQL cannot store in `text` or `jsonb`: a NUL character, and a UTF-16 surrogate that is
 * not half of a pair (JSON's `"\ud800"` escape makes one). Matched on code units, not code points.
 */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const unstorableEverywhere = new RegExp(unstorable.source, 'g')

export const isStorableText = (text: string): boolean => !unstorable.test(text)

/** The text with each unstorable code unit written as its `\uXXXX` escape, to quote it in a message. */
export const showUnstorable = (text: string): string =>
  text.replace(unstorableEverywhere, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** The text with each unstorable code unit replaced by U+FFFD, for text from elsewhere that must be kept (a received message). */
export const toStorableText = (text: string): string => text.replace(unstorableEverywhere, '\ufffd')
