import { AppError } from '../../errors';

/** 409 `last_owner` (CONTRACT.md): a workspace keeps at least one owner. */
export class LastOwnerError extends AppError {
  override name = 'LastOwnerError';
  constructor() {
    super(
      409,
      'last_owner',
      'The last owner cannot leave; make another member owner first, or delete the workspace.',
    );
  }
}
