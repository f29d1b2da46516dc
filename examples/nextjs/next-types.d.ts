/// <reference types="next" />
// Next's global types (CSS module imports among them) for `tsc` on a fresh clone: next-env.d.ts,
// which references them too, is git-ignored and only written by `next dev` / `next build`.
