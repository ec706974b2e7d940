/** A site as the admin API answers it (secrets never part of it). */
export interface Site {
  id: string;
  name: string;
  callbackUrl: string | null;
  /** Set when deliveries disabled the callback; why, and since when. */
  callbackDisabled: { at: string; reason: string } | null;
  policy: Record<string, unknown>;
}
