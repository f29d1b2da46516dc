import type { Page } from './types'

/** Yields the items of `firstPage`, then of each following page, until the last page. */
export async function* iteratePages<Item>(
  fetchPage: (page: number) => Promise<Page<Item>>,
  firstPage: number,
): AsyncGenerator<Item, void, undefined> {
  for (let page = firstPage; ; page++) {
    const result = await fetchPage(page)
    yield* result.data
    const hasMore = result.data.length > 0 && page < result.totalPages
    if (!hasMore) return
  }
}
