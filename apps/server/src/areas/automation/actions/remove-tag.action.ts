import { tagAction } from './tag-action'

export const { execute: removeTag, preview: previewRemoveTag } = tagAction('remove_tag')
