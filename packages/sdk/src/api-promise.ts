/** A call's data with the raw response it came from. */
export interface WithResponse<T> {
  data: T
  response: Response
  /** The `x-request-id` the server answered with: quote it when reporting a problem. */
  requestId: string | null
}

export interface Sent<T> {
  data: T
  response: Response
}

/**
 * What every call returns: awaited, its data; `.withResponse()` resolves to the data with the raw
 * response and request id, from the same single request.
 */
export interface ApiPromise<T> extends Promise<T> {
  withResponse(): Promise<WithResponse<T>>
}

/** The data promise is derived only when awaited, so using `.withResponse()` alone leaves no unhandled rejection. */
export class CallPromise<T> extends Promise<T> implements ApiPromise<T> {
  // Derived promises (`then`, `catch`, `finally`) are plain promises.
  static override get [Symbol.species]() {
    return Promise
  }

  readonly #sent: Promise<Sent<T>>
  #data: Promise<T> | undefined

  constructor(sent: Promise<Sent<T>>) {
    super((resolve) => resolve(undefined as T))
    this.#sent = sent
  }

  withResponse(): Promise<WithResponse<T>> {
    return this.#sent.then(({ data, response }) => ({ data, response, requestId: response.headers.get('x-request-id') }))
  }

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#data ??= this.#sent.then(({ data }) => data)
    return this.#data.then(onFulfilled, onRejected)
  }

  override catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected)
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally)
  }
}
