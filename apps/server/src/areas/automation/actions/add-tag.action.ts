import { tagAction } from './tag-action'

export const { execute: addTag, preview: previewAddTag } = tagAction('add_tag')
