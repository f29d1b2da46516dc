import { type FilledSlot, slotKey } from './resolve-template'
import { PLACEHOLDER, storedComponent } from './template-variables'

type PreviewComponent = { component: 'header' | 'body' | 'footer' | 'button'; buttonIndex?: number; text: string }

/** The text with each `{{n}}` the resolution filled replaced; an empty one stays `{{n}}`. */
function fill(text: string, filled: Map<string, string | null>, slot: (index: number) => string) {
  return text.replace(PLACEHOLDER, (placeholder, index: string) => filled.get(slot(Number(index))) ?? placeholder)
}

/** Each text of the template's components (header, body, footer, each button) as the contact would read it. */
export function filledComponents(components: readonly unknown[], slots: FilledSlot[]): PreviewComponent[] {
  const filled = new Map(slots.map((slot) => [slotKey(slot), slot.text]))
  return components.flatMap((raw): PreviewComponent[] => {
    const parsed = storedComponent.safeParse(raw)
    if (!parsed.success) return []
    const type = parsed.data.type.toLowerCase()
    if ((type === 'header' || type === 'body') && parsed.data.text !== undefined) {
      return [{ component: type, text: fill(parsed.data.text, filled, (index) => slotKey({ component: type, index })) }]
    }
    if (type === 'footer' && parsed.data.text !== undefined) return [{ component: 'footer', text: parsed.data.text }]
    if (type !== 'buttons') return []
    return (parsed.data.buttons ?? []).map((button, buttonIndex) => ({
      component: 'button' as const,
      buttonIndex,
      text: fill(button.url ?? button.text ?? '', filled, (index) => slotKey({ component: 'button', index, buttonIndex })),
    }))
  })
}
