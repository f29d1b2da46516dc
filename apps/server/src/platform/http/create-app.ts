import { OpenAPIHono } from '@hono/zod-openapi'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import { activitiesOperations } from '../../areas/activities/activities.operations'
import { analyticsOperations } from '../../areas/analytics/analytics.operations'
import { automationsOperations } from '../../areas/automations/automations.operations'
import { callbacksOperations } from '../../areas/callbacks/callbacks.operations'
import { clientsOperations } from '../../areas/clients/clients.operations'
import { corsOperations } from '../../areas/cors/cors.operations'
import { eventsOperations } from '../../areas/events/events.operations'
import { googleOperations } from '../../areas/google/google.operations'
import { healthOperations } from '../../areas/health/health.operations'
import { jobsOperations } from '../../areas/jobs/jobs.operations'
import { leadsOperations } from '../../areas/leads/leads.operations'
import { metaOperations } from '../../areas/meta/meta.operations'
import { pipelinesOperations } from '../../areas/pipelines/pipelines.operations'
import { scoringOperations } from '../../areas/scoring/scoring.operations'
import { workflowsOperations } from '../../areas/workflows/workflows.operations'
import type { Platform } from '../platform'
import type { AppEnv } from './app-env'
import { AppError } from './errors'
import { tenantCors } from './middleware/cors'
import { limitBody, parseJsonBody } from './middleware/json-body'
import { requestContext } from './middleware/request-context'
import { errorResponse, onError } from './on-error'
import { registerOperations } from './operations'
import { validationHook } from './validation-hook'

/** Every area's operations; an operation missing here is not served (the route-set test notices). */
export const allOperations = [
  ...metaOperations,
  ...healthOperations,
  ...clientsOperations,
  ...corsOperations,
  ...leadsOperations,
  ...activitiesOperations,
  ...pipelinesOperations,
  ...scoringOperations,
  ...analyticsOperations,
  ...workflowsOperations,
  ...automationsOperations,
  ...eventsOperations,
  ...callbacksOperations,
  ...jobsOperations,
  ...googleOperations,
]

export function createApp(platform: Platform): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', requestContext(platform), tenantCors(), limitBody(platform.config.bodyLimitBytes), parseJsonBody())
  registerOperations(app, allOperations, openapiDocument.security)
  app.notFound((c) => errorResponse(c, new AppError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`)))
  app.onError(onError)
  return app
}
