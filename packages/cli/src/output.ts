import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Colour only on a terminal, and never under NO_COLOR (https://no-color.org). */
export const useColour = (stream: NodeJS.WriteStream = process.stdout) => Boolean(stream.isTTY) && !process.env.NO_COLOR

export const paint = (style: Style, text: string) => (useColour() ? styleText(style, text) : text)

const statusStyles: Record<string, Style> = {
  ok: 'green',
  completed: 'green',
  delivered: 'green',
  skipped: 'yellow',
  partial: 'yellow',
  scheduled: 'cyan',
  processing: 'cyan',
  failed: 'red',
}

/** A status word, coloured by what it means. */
export const status = (value: string) => paint(statusStyles[value] ?? 'white', value)

export const line = (text: string) => process.stdout.write(`${text}\n`)

/**
 * A one-line progress note a terminal overwrites as it changes; nothing when piped, where only
 * the lines that stay are printed.
 */
export function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\u001b[2K${paint('dim', text)}`)
}

export function clearProgress(): void {
  if (process.stdout.isTTY) process.stdout.write('\r\u001b[2K')
}
