/** A template send's parameter values, per component, in the order Graph takes them. */
export interface TemplateParameterValues {
  /** Body parameters, in order: the Nth fills `{{N}}`. */
  parameters: string[]
  /** Header parameters (a TEXT header's `{{1}}`). */
  headerParameters?: string[] | undefined
  /** URL buttons' parameters, by the button's position. */
  buttonParameters?: { index: number; parameters: string[] }[] | undefined
}

const texts = (values: string[]) => values.map((text) => ({ type: 'text', text }))

/** The Cloud API's template `components`: one per component with parameters, none for a template without. */
export function graphTemplateComponents(values: TemplateParameterValues): Record<string, unknown>[] {
  const { parameters, headerParameters = [], buttonParameters = [] } = values
  return [
    ...(headerParameters.length > 0 ? [{ type: 'header', parameters: texts(headerParameters) }] : []),
    ...(parameters.length > 0 ? [{ type: 'body', parameters: texts(parameters) }] : []),
    ...buttonParameters.map((button) => ({ type: 'button', sub_type: 'url', index: String(button.index), parameters: texts(button.parameters) })),
  ]
}
