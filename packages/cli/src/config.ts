import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** What `ecodrix login` keeps for one profile. */
export interface Profile {
  apiUrl: string
  apiKey: string
  clientCode: string
  /** The tenant's webhook secret, for `ecodrix listen` to sign what it forwards. */
  webhookSecret?: string
}

interface ConfigFile {
  profiles: Record<string, Partial<Profile>>
}

/** `$XDG_CONFIG_HOME/ecodrix/config.json`, else `~/.config/ecodrix/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, 'ecodrix', 'config.json')
}

async function readConfig(path: string): Promise<ConfigFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ConfigFile>
    return { profiles: parsed.profiles ?? {} }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} }
    throw new Error(`${path} is not readable JSON (${(error as Error).message}); fix or remove it, then run ecodrix login`)
  }
}

/** Stores the profile with the API key readable by its owner only (file 0600 in a 0700 directory). */
export async function saveProfile(name: string, profile: Profile, path = configPath()): Promise<void> {
  const config = await readConfig(path)
  config.profiles[name] = profile
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  await chmod(dirname(path), 0o700)
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  // writeFile keeps the mode of a file that already exists.
  await chmod(path, 0o600)
}

/** The profile, each field overridden by its environment variable; throws naming what is missing. */
export async function loadProfile(name: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile> {
  const stored = (await readConfig(configPath(env))).profiles[name] ?? {}
  const merged = {
    apiUrl: env.ECODRIX_API_URL || stored.apiUrl,
    apiKey: env.ECODRIX_API_KEY || stored.apiKey,
    clientCode: env.ECODRIX_CLIENT_CODE || stored.clientCode,
    webhookSecret: env.ECODRIX_WEBHOOK_SECRET || stored.webhookSecret,
  }
  const missing = (['apiUrl', 'apiKey', 'clientCode'] as const).filter((key) => !merged[key])
  if (missing.length > 0) throw new Error(`Not logged in (profile "${name}" lacks ${missing.join(', ')}): run ecodrix login, or set ECODRIX_API_URL, ECODRIX_API_KEY and ECODRIX_CLIENT_CODE`)
  return merged as Profile
}
