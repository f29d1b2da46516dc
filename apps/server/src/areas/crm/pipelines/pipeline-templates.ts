export interface StageTemplate {
  name: string
  color: string
  probability: number
  isWon?: boolean
  isLost?: boolean
}

export type PipelineTemplateName = 'sales' | 'support' | 'recruitment' | 'marketing' | 'appointment' | 'product_purchase'

/** The built-in pipelines. `sales` is what a tenant gets by default (7 stages). */
export const pipelineTemplates: Record<PipelineTemplateName, { name: string; stages: StageTemplate[] }> = {
  sales: {
    name: 'Sales',
    stages: [
      { name: 'New Lead', color: '#6366f1', probability: 10 },
      { name: 'Contacted', color: '#3b82f6', probability: 20 },
      { name: 'Qualified', color: '#06b6d4', probability: 40 },
      { name: 'Proposal', color: '#f59e0b', probability: 60 },
      { name: 'Negotiation', color: '#f97316', probability: 80 },
      { name: 'Won', color: '#10b981', probability: 100, isWon: true },
      { name: 'Lost', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
  support: {
    name: 'Support',
    stages: [
      { name: 'New Ticket', color: '#6366f1', probability: 10 },
      { name: 'In Progress', color: '#3b82f6', probability: 40 },
      { name: 'Waiting on Customer', color: '#f59e0b', probability: 60 },
      { name: 'Resolved', color: '#10b981', probability: 100, isWon: true },
      { name: 'Closed Unresolved', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
  recruitment: {
    name: 'Recruitment',
    stages: [
      { name: 'Applied', color: '#6366f1', probability: 10 },
      { name: 'Screening', color: '#3b82f6', probability: 25 },
      { name: 'Interview', color: '#06b6d4', probability: 50 },
      { name: 'Offer', color: '#f59e0b', probability: 80 },
      { name: 'Hired', color: '#10b981', probability: 100, isWon: true },
      { name: 'Rejected', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
  marketing: {
    name: 'Marketing',
    stages: [
      { name: 'Subscriber', color: '#6366f1', probability: 5 },
      { name: 'Marketing Qualified', color: '#3b82f6', probability: 25 },
      { name: 'Sales Qualified', color: '#06b6d4', probability: 50 },
      { name: 'Opportunity', color: '#f59e0b', probability: 70 },
      { name: 'Customer', color: '#10b981', probability: 100, isWon: true },
      { name: 'Unqualified', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
  appointment: {
    name: 'Appointments',
    stages: [
      { name: 'Inquiry', color: '#6366f1', probability: 10 },
      { name: 'Booked', color: '#3b82f6', probability: 40 },
      { name: 'Confirmed', color: '#06b6d4', probability: 70 },
      { name: 'Consulted', color: '#10b981', probability: 100, isWon: true },
      { name: 'No-show or Cancelled', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
  product_purchase: {
    name: 'Product Purchase',
    stages: [
      { name: 'Browsing', color: '#6366f1', probability: 10 },
      { name: 'Added to Cart', color: '#3b82f6', probability: 30 },
      { name: 'Checkout', color: '#f59e0b', probability: 60 },
      { name: 'Purchased', color: '#10b981', probability: 100, isWon: true },
      { name: 'Abandoned', color: '#ef4444', probability: 0, isLost: true },
    ],
  },
}
