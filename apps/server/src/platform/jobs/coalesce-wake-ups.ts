import type { JobNotification, NotificationChannel } from 'agenda'

type Handler = (notification: JobNotification) => void | Promise<void>

/** Of two pending wake-ups, the one due first: a wake-up for later must not hide one for now. */
const earlier = (a: JobNotification, b: JobNotification) => ((a.nextRunAt?.getTime() ?? 0) <= (b.nextRunAt?.getTime() ?? 0) ? a : b)

/**
 * Each NOTIFY makes Agenda start a claim loop for the job's name, and a loop claims every due job
 * of that name before it ends. A burst of N notifications (a backlog, a worker back from a stall)
 * would start N loops at once, which contend for the pool until connections time out. Instead,
 * while a loop for a name runs, further notifications for it are folded into one more loop after it:
 * at most one loop, and one waiting, per job name and worker, and nothing committed is missed.
 */
export function coalesceWakeUps(channel: NotificationChannel): void {
  const subscribe = channel.subscribe.bind(channel)
  channel.subscribe = (handler: Handler) => subscribe(coalesced(handler))
}

function coalesced(handler: Handler): Handler {
  const running = new Set<string>()
  const pending = new Map<string, JobNotification>()
  return async (notification) => {
    const name = notification.jobName
    const waiting = pending.get(name)
    pending.set(name, waiting ? earlier(waiting, notification) : notification)
    if (running.has(name)) return
    running.add(name)
    try {
      for (let next = pending.get(name); next; next = pending.get(name)) {
        pending.delete(name)
        await handler(next)
      }
    } finally {
      running.delete(name)
    }
  }
}
