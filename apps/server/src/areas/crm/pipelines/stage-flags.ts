import { AppError } from '../../../platform/http/errors'

/** A stage is won, lost or neither; `path` names the offending body field. */
export function assertWonOrLost(stage: { isWon?: boolean; isLost?: boolean }, path: string): void {
  if (stage.isWon && stage.isLost) {
    throw new AppError('VALIDATION_ERROR', 'A stage cannot be both won and lost', [
      { path: `${path}.isLost`, message: 'A stage cannot be both won and lost' },
    ])
  }
}
