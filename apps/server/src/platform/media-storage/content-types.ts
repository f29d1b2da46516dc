/**
 * The content type each stored extension is served with. A key's extension is the one record of
 * its type, so a local file needs no side file and every object is served as what it was stored.
 */
export const contentTypeByExtension = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain',
} as const

export type MediaExtension = keyof typeof contentTypeByExtension
export type MediaContentType = (typeof contentTypeByExtension)[MediaExtension]

const extensionByContentType = new Map(
  Object.entries(contentTypeByExtension).map(([extension, contentType]) => [contentType as string, extension as MediaExtension]),
)

export function extensionOf(contentType: MediaContentType): MediaExtension {
  return extensionByContentType.get(contentType)!
}

export function contentTypeOfKey(key: string): MediaContentType {
  return contentTypeByExtension[key.slice(key.lastIndexOf('.') + 1) as MediaExtension]
}
