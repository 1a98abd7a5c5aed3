import { describe, expect, it } from 'vitest';
import { isEventId, securityEvent } from '../../../../lib/domain/security-event';

describe('security events', () => {
  it('expire after the retention, carry only the details given, and have time-ordered ids', () => {
    const at = Date.UTC(2026, 0, 1);
    const event = securityEvent('logged_in', at, 90, { ip: '192.0.2.1', user_agent: '', sid: undefined });
    expect(event).toEqual({ id: expect.any(String), event: 'logged_in', at_ms: at, ip: '192.0.2.1', expires_at: at / 1000 + 90 * 86_400 });
    const later = securityEvent('logged_in', at + 1, 90);
    expect(later.id > event.id).toBe(true);
    expect(securityEvent('disabled', at, 90).id).not.toBe(securityEvent('disabled', at, 90).id);
  });

  it('accepts as a cursor only the shape of an event id', () => {
    expect(isEventId(securityEvent('registered', Date.now(), 1).id)).toBe(true);
    for (const bad of ['', 'USER#1', '0mx5nqfy90635c0ef94a9x', 'EVENT#0mx5nqfy90635c0ef94a9']) expect(isEventId(bad)).toBe(false);
  });
});
