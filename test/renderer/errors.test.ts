import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../../renderer/client/errors';

describe('errors as the renderer gets them', () => {
  it('keep their kind from the bridge and the host; anything else is internal, with its sentence', () => {
    expect(toApiError({ kind: 'conflict', message: '2026-10 is already closed.' })).toMatchObject({ kind: 'conflict', message: '2026-10 is already closed.' });
    expect(toApiError({ kind: 'input', message: 'x' })).toBeInstanceOf(ApiError);
    expect(toApiError(new Error("Error invoking remote method 'flex:call': Error: The app's core stopped."))).toMatchObject({ kind: 'internal', message: "The app's core stopped." });
    expect(toApiError({ kind: 'weird', message: 'x' })).toMatchObject({ kind: 'internal', message: 'Something went wrong.' });
    const e = new ApiError('cancelled', 'Import cancelled.');
    expect(toApiError(e)).toBe(e);
  });
});
