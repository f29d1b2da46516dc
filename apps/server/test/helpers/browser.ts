import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's chromium (`.ci/run` installs it when missing), or the one `CHROMIUM_PATH` names. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(path)) throw new Error(`No Chromium at ${path}: apt-get install chromium, or set CHROMIUM_PATH`)
  return path
}

/** Headless Chromium; `--no-sandbox` as CI runs as root. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
}
