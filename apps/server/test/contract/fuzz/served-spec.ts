import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

/** A JSON Schema of the spec, as served (refs point into `#/components`). */
export type Schema = Record<string, any>
export type Auth = 'public' | 'admin' | 'tenant'

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: Schema
}

/** One operation of the served spec, with what the fuzzer needs to build requests and judge answers. */
export interface SpecOperation {
  operationId: string
  method: string
  path: string
  auth: Auth
  parameters: Parameter[]
  /** Media type → schema and the spec's example, when the operation takes a body. */
  body: { required: boolean; content: Record<string, { schema: Schema; example: unknown }> } | undefined
  /** Status (or `4XX`, `default`) → media type → validator of the answer's body. */
  responses: Record<string, Record<string, ValidateFunction | undefined>>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** The served spec's operations; `resolve` follows a `#/components/...` reference. */
export function readSpec(doc: Schema) {
  const resolve = (node: any): any => {
    let at = node
    while (at && typeof at.$ref === 'string') {
      at = at.$ref
        .slice(2)
        .split('/')
        .reduce((value: any, key: string) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    }
    return at
  }
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true })
  addFormats(ajv)
  // The components as one schema, so response schemas' refs resolve against it.
  const root = 'https://ecodrix.invalid/openapi.json'
  ajv.addSchema({ $id: root, components: doc.components }, root)
  const rebase = (schema: Schema): Schema => JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${root}#/`))
  const compile = (schema: Schema | undefined) => (schema ? ajv.compile(rebase(schema)) : undefined)

  const operations: SpecOperation[] = []
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method]
      const schemes = (op.security ?? doc.security).flatMap((requirement: object) => Object.keys(requirement))
      const auth: Auth = schemes.length === 0 ? 'public' : schemes.includes('AdminBearer') ? 'admin' : 'tenant'
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve) as Parameter[]
      const requestBody = resolve(op.requestBody)
      const body = requestBody && {
        required: Boolean(requestBody.required),
        content: Object.fromEntries(
          Object.entries<any>(requestBody.content).map(([type, media]) => [
            type,
            { schema: media.schema ?? {}, example: media.example ?? (Object.values<any>(media.examples ?? {})[0]?.value as unknown) },
          ]),
        ),
      }
      const responses = Object.fromEntries(
        Object.entries<any>(op.responses).map(([status, response]) => [
          status,
          Object.fromEntries(Object.entries<any>(resolve(response).content ?? {}).map(([type, media]) => [type, compile(media.schema)])),
        ]),
      )
      operations.push({ operationId: op.operationId, method: method.toUpperCase(), path, auth, parameters, body, responses })
    }
  }
  return { operations, resolve }
}
