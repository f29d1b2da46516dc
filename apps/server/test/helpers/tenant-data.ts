import type { TestServer } from './test-server'

/**
 * Writes automation rules straight into a tenant's schema. Rules get their own API with the
 * automation engine; until then this is how tests give a tenant some.
 */
export async function insertAutomationRules(
  server: TestServer,
  clientCode: string,
  rules: { name: string; trigger: string; isActive?: boolean }[],
): Promise<void> {
  const db = server.platform.tenants.forTenant({ schemaName: `tenant_${clientCode}`, datasourceUri: undefined })
  await db
    .insertInto('automation_rules')
    .values(rules.map((rule) => ({ name: rule.name, trigger: rule.trigger, is_active: rule.isActive ?? true })))
    .execute()
}
