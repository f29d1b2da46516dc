export function ok<T>(data: T, message?: string) {
  return message === undefined ? { success: true as const, data } : { success: true as const, data, message }
}

export function paginated<T>(data: T[], page: { total: number; page: number; limit: number }) {
  return {
    success: true as const,
    data,
    total: page.total,
    page: page.page,
    limit: page.limit,
    totalPages: Math.ceil(page.total / page.limit),
  }
}

export function cursorPaginated<T>(data: T[], hasMore: boolean) {
  return { success: true as const, data, hasMore }
}
