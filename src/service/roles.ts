// Roles and what each may do: viewers read, operators also start investigations and call write tools;
// `alerts` (a webhook sender's credential) may only post alerts.
const ROLES = ['viewer', 'operator', 'admin', 'alerts'] as const;
export type Role = (typeof ROLES)[number];

/** alerts ranks below viewer: it reaches no route but the alert endpoints. */
const RANK: Record<Role, number> = { alerts: -1, viewer: 0, operator: 1, admin: 2 };

export interface Principal {
  /** Non-secret identity for logs and audit (JWT sub, token:<hash prefix>, or "local"). */
  subject: string;
  role: Role;
  /** The whole identity, for binding sessions and rate limits: the token's full hash, or JWT issuer and subject. */
  key?: string;
}

/** What a session or a rate bucket belongs to: the whole identity and the role, never the display subject alone. */
export function principalKey(principal: Principal): string {
  return `${principal.key ?? principal.subject}#${principal.role}`;
}

export function parseRole(text: string): Role | undefined {
  const t = text.trim().toLowerCase();
  return (ROLES as readonly string[]).includes(t) ? (t as Role) : undefined;
}

export function hasRole(principal: Principal, needed: Role): boolean {
  // Posting an alert starts an investigation: operators and admins may do it too.
  if (needed === 'alerts') return principal.role === 'alerts' || RANK[principal.role] >= RANK.operator;
  return RANK[principal.role] >= RANK[needed];
}

/** The highest role among names like "operator", "incident-pilot:viewer", "incident-pilot.admin". */
export function highestRole(names: string[]): Role | undefined {
  let best: Role | undefined;
  for (const name of names) {
    const role = parseRole(name.split(/[:./]/).pop() ?? '');
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}

export interface ToolAnnotationsLike {
  readOnlyHint?: boolean;
}

/** A tool is a write unless it declares readOnlyHint: viewers see only reads, operators everything. */
export function canUseTool(principal: Principal, annotations: ToolAnnotationsLike | undefined): boolean {
  if (principal.role === 'alerts') return false;
  if (annotations?.readOnlyHint === true) return true;
  return hasRole(principal, 'operator');
}
