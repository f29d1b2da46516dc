type Bag = Record<string, unknown>

/** What an event log keeps of its trigger (variables, data and the rest of the request). */
export interface EventPayload {
  variables: Bag
  data: Bag
}

/**
 * jsonb orders object keys by length, but templates without a mapping take `variables` in the order
 * the client sent them, so that order is stored beside them.
 */
export function toEventPayload(extra: Bag, variables: Bag, data: Bag): string {
  return JSON.stringify({ ...extra, variables, variableOrder: Object.keys(variables), data })
}

export function fromEventPayload(payload: Bag): EventPayload & { extra: Bag } {
  const { variables = {}, variableOrder = [], data = {}, ...extra } = payload as { variables?: Bag; variableOrder?: string[]; data?: Bag }
  const ordered = Object.fromEntries(variableOrder.filter((key) => key in variables).map((key) => [key, variables[key]]))
  return { variables: { ...ordered, ...variables }, data, extra }
}
