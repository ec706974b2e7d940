import type { Principal } from '../access/principal';
import type { Actor } from '../live/live-events';

/** Who a principal is, as colleagues' dashboards name them. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'moderator'
    ? { moderatorId: principal.moderator.id, name: principal.moderator.name }
    : { moderatorId: null, name: 'operator' };
}
