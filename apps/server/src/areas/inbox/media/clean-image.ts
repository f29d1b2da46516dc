import { AppError } from '../../../platform/http/errors'

type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'

/** Past this a small file can still decode to gigabytes (a decompression bomb); 8K×6K is more than a photo needs. */
const maxPixels = 50_000_000

export const isImageType = (type: string): type is ImageType => type === 'image/jpeg' || type === 'image/png' || type === 'image/webp'

const unreadable = (type: ImageType) => new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is not a readable ${type} image`)

/**
 * Re-encodes an image in its own format with its EXIF orientation applied and every metadata
 * block (EXIF with GPS, XMP, IPTC, ICC) dropped: sharp writes none unless asked. Within `maxBytes`
 * when a lower quality gets it there; the caller checks the result.
 */
export async function cleanImage(bytes: Buffer, type: ImageType, maxBytes: number): Promise<{ bytes: Buffer; width: number; height: number }> {
  // Loaded on the first image rather than at start-up (libvips takes a few hundred milliseconds to load).
  const { default: sharp } = await import('sharp')
  const animated = type === 'image/webp'
  // The header alone gives the size (all frames of an animation), so a bomb is refused before anything is decoded.
  const { width = 0, height = 0 } = await sharp(bytes, { animated, limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw unreadable(type)
    })
  if (width * height > maxPixels) throw new AppError('PAYLOAD_TOO_LARGE', `Images may have at most ${maxPixels} pixels`)
  const image = sharp(bytes, { animated, failOn: 'error', limitInputPixels: maxPixels }).rotate()
  const encode = (quality: number) => {
    const copy = image.clone()
    const encoder = type === 'image/jpeg' ? copy.jpeg({ quality }) : type === 'image/png' ? copy.png() : copy.webp({ quality })
    return encoder.toBuffer({ resolveWithObject: true }).catch(() => {
      throw unreadable(type)
    })
  }
  // A lossy re-encode can come out larger than the phone's own JPEG: lower qualities are tried before
  // the caller refuses a photo that was within the limit as sent (PNG is lossless: quality is moot).
  let { data, info } = await encode(90)
  for (const quality of type === 'image/png' ? [] : [80, 70]) {
    if (data.length <= maxBytes) break
    ;({ data, info } = await encode(quality))
  }
  return { bytes: data, width: info.width, height: info.pageHeight ?? info.height }
}
