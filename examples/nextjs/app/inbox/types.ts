import type { components } from '@ecodrix/sdk'

export type Conversation = components['schemas']['Conversation']
export type Message = components['schemas']['WhatsappMessage']
