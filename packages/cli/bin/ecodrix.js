#!/usr/bin/env node
// The CLI is TypeScript run by tsx, so a fresh clone runs it after `npm ci` with no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
