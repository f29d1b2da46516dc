import type { Config, Env } from './config-schema'

/** Raised for settings that are each valid but not together; names the variables. */
type Refuse = (message: string) => never

export function mediaConfig(env: Env, refuse: Refuse): Config['media'] {
  const s3Only = (['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PUBLIC_URL'] as const).filter((name) => env[name])
  if (!env.S3_BUCKET) {
    if (s3Only.length > 0) refuse(`${s3Only.join(', ')} ${s3Only.length === 1 ? 'is' : 'are'} set but S3_BUCKET is not`)
    return { uploadLimitBytes: env.ECODRIX_UPLOAD_LIMIT_BYTES, storage: undefined }
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    refuse('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together')
  }
  return {
    uploadLimitBytes: env.ECODRIX_UPLOAD_LIMIT_BYTES,
    storage: {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      publicUrl: env.S3_PUBLIC_URL?.replace(/\/+$/, ''),
    },
  }
}
