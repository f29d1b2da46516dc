import type { ListedTemplate } from './whatsapp-templates.repository'

/**
 * What a sync pulls with a sandbox (`mock_`) token, without network: a small catalog a walk-through
 * can map, preview and send (the sandbox then reports the sends delivered and read).
 */
export const SANDBOX_TEMPLATES: ListedTemplate[] = [
  {
    name: 'appointment_confirmed',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, your appointment with {{2}} is confirmed for {{3}}.', example: { body_text: [['Ravi', 'Dr. Sharma', '3:00 PM']] } },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
    ],
  },
  {
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, your order ships on {{2}}.' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/orders/{{1}}' }] },
    ],
  },
  { name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello from ECODrIx!' }] },
  { name: 'promo_pending', language: 'en_US', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{1}}, our summer offer is here.' }] },
]
