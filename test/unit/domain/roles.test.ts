import { describe, expect, it } from 'vitest';
import { canGrantRole, canRemoveMember, hasAtLeast } from '../../../shared/domain/workspaces/roles';

describe('Module: roles', () => {
  it('orders owner > admin > member', () => {
    expect(hasAtLeast('owner', 'admin')).toBe(true);
    expect(hasAtLeast('admin', 'owner')).toBe(false);
    expect(hasAtLeast('member', 'member')).toBe(true);
  });

  it('lets anyone leave, admins remove non-owners, and only owners remove owners', () => {
    expect(canRemoveMember({ userId: 'a', role: 'member' }, { userId: 'a', role: 'member' })).toBe(true);
    expect(canRemoveMember({ userId: 'a', role: 'member' }, { userId: 'b', role: 'member' })).toBe(false);
    expect(canRemoveMember({ userId: 'a', role: 'admin' }, { userId: 'b', role: 'member' })).toBe(true);
    expect(canRemoveMember({ userId: 'a', role: 'admin' }, { userId: 'b', role: 'owner' })).toBe(false);
    expect(canRemoveMember({ userId: 'a', role: 'owner' }, { userId: 'b', role: 'owner' })).toBe(true);
  });

  it('lets only owners grant the owner role', () => {
    expect(canGrantRole('admin', 'owner')).toBe(false);
    expect(canGrantRole('admin', 'admin')).toBe(true);
    expect(canGrantRole('member', 'member')).toBe(false);
    expect(canGrantRole('owner', 'owner')).toBe(true);
  });
});
