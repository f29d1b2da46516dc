import { z } from 'zod'

/** Where a template's placeholder sits: Graph sends header, body and button parameters as separate components. */
export type TemplateVariableComponent = 'header' | 'body' | 'button'

/** One `{{n}}` placeholder of a synced template. */
export interface TemplateVariable {
  component: TemplateVariableComponent
  /** The `n` of `{{n}}`: the Nth parameter of its component fills it. */
  index: number
  /** For a button's placeholder: the button's position among the template's buttons (Graph's `index`). */
  buttonIndex?: number
  /** The text the placeholder sits in (a button's `url` for a URL button). */
  text: string
}

// Components as Graph's message_templates lists them; anything else a component carries is ignored.
export const storedComponent = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  buttons: z.array(z.looseObject({ text: z.string().optional(), url: z.string().optional() })).optional(),
})

export const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g

/** The distinct `n` of every `{{n}}` in a text, ascending. */
function placeholderIndexes(text: string): number[] {
  const indexes = new Set([...text.matchAll(PLACEHOLDER)].map((match) => Number(match[1])))
  return [...indexes].sort((a, b) => a - b)
}

function variablesOf(component: z.infer<typeof storedComponent>): TemplateVariable[] {
  const type = component.type.toLowerCase()
  if ((type === 'header' || type === 'body') && component.text) {
    const text = component.text
    return placeholderIndexes(text).map((index) => ({ component: type, index, text }))
  }
  if (type !== 'buttons') return []
  return (component.buttons ?? []).flatMap((button, buttonIndex) => {
    const text = button.url ?? button.text ?? ''
    return placeholderIndexes(text).map((index) => ({ component: 'button' as const, index, buttonIndex, text }))
  })
}

/**
 * Every `{{n}}` placeholder of a template's stored `components` (header, body, then each button),
 * in the order Graph takes their parameters. Components that do not read as Graph's are skipped.
 */
export function templateVariables(components: readonly unknown[]): TemplateVariable[] {
  return components.flatMap((component) => {
    const parsed = storedComponent.safeParse(component)
    return parsed.success ? variablesOf(parsed.data) : []
  })
}
