// POST /api/appointments/confirm: the seed's Step 3. The site confirms the appointment, then fires
// ECODrIx's `appointment_confirmed` trigger. An ECODrIx failure never breaks the booking: the answer
// then carries `meetLink: null` and the failure is logged. `erix.trigger` sends an Idempotency-Key,
// so its retries never run the automations twice.
import { ecodrixFromEnv } from '@/lib/ecodrix'

export const dynamic = 'force-dynamic'

interface Confirmation {
  appointmentId: string
  phone: string
  email?: string
  patientName: string
  doctorName: string
  startTime: string
}

export async function POST(request: Request): Promise<Response> {
  const appointment = (await request.json()) as Confirmation
  let meetLink: string | null = null
  let eventLogId: string | null = null
  try {
    const result = await ecodrixFromEnv().trigger({
      trigger: 'appointment_confirmed',
      phone: appointment.phone,
      ...(appointment.email ? { email: appointment.email } : {}),
      variables: { patientName: appointment.patientName, doctorName: appointment.doctorName },
      data: { appointmentId: appointment.appointmentId },
      requiresMeet: true,
      meetConfig: { title: `${appointment.doctorName} + ${appointment.patientName}`, startTime: appointment.startTime, durationMinutes: 30 },
      callbackMetadata: { appointmentId: appointment.appointmentId },
      createLeadIfMissing: true,
      leadData: { firstName: appointment.patientName, source: 'website' },
    })
    meetLink = result.meetLink
    eventLogId = result.eventLogId
  } catch (error) {
    console.error('[ECODrIx] trigger failed:', error)
  }
  return Response.json({ success: true, appointmentId: appointment.appointmentId, meetLink, eventLogId })
}
