/** Workspace roles, from most to least powerful. */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

export function hasAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/**
 * Who may remove whom: anyone may leave; admins remove members and admins; only owners remove owners.
 * The last owner can never be removed (the workspace would become unmanageable) — checked by the caller,
 * who knows how many owners exist.
 */
export function canRemoveMember(
  actor: { userId: string; role: Role },
  target: { userId: string; role: Role },
): boolean {
  if (actor.userId === target.userId) return true;
  if (target.role === 'owner') return actor.role === 'owner';
  return hasAtLeast(actor.role, 'admin');
}

/** Admins may grant admin or member; only owners may grant owner. */
export function canGrantRole(actorRole: Role, granted: Role): boolean {
  return granted === 'owner' ? actorRole === 'owner' : hasAtLeast(actorRole, 'admin');
}
