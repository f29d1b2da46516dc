import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'

const ownerFile = (dir: string) => join(dir, 'owner.pid')

/** Written before PostgreSQL starts: the process whose PostgreSQL runs on the cluster. */
export function recordClusterOwner(dir: string): void {
  writeFileSync(ownerFile(dir), String(process.pid))
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The command line of a live process, so a reused pid is not taken for PostgreSQL. */
function commandOf(pid: number): string | undefined {
  try {
    if (existsSync('/proc')) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' })
  } catch {
    return undefined
  }
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running on the cluster (nothing can stop it
 * then), and that PostgreSQL would refuse the next start. When the process that started it is gone,
 * it is stopped here (fast shutdown). A lock file naming no live PostgreSQL of this cluster is
 * stale, and PostgreSQL replaces it itself; one whose owner still runs is refused.
 */
export async function stopOrphanedPostmaster(options: { dir: string; clusterDir: string; logger: Logger }): Promise<void> {
  const { dir, clusterDir, logger } = options
  const lockFile = join(clusterDir, 'postmaster.pid')
  if (!existsSync(lockFile)) return
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0])
  const runsCluster = () => Number.isInteger(pid) && pid > 0 && Boolean(commandOf(pid)?.includes(clusterDir))
  if (!runsCluster()) return
  const owner = existsSync(ownerFile(dir)) ? Number(readFileSync(ownerFile(dir), 'utf8')) : undefined
  if (owner === undefined || isAlive(owner)) {
    throw new Error(`PostgreSQL (pid ${pid}) already runs on ${clusterDir}${owner ? `, started by process ${owner}` : ''}`)
  }
  logger.warn({ pid, owner }, 'stopping the PostgreSQL a killed server left running')
  process.kill(pid, 'SIGINT')
  for (let waited = 0; runsCluster(); waited += 100) {
    if (waited >= 60_000) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} did not stop`)
    await sleep(100)
  }
}
