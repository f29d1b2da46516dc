/**
 * A lead's tags at most: far more than a CRM's people use, few enough that a tag list stays a small
 * value to read, score and match. The spec's "Limits" and the README say the same number.
 */
export const MAX_TAGS_PER_LEAD = 100
