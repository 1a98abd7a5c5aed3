// What a session records of the device a request comes from: bounded and printable.
import { describe, expect, it } from 'vitest';
import { deviceUse, USER_AGENT_MAX_LENGTH } from '../../../../lib/auth/device';

describe('deviceUse', () => {
  it('keeps the source address, the User-Agent and the time as given', () => {
    expect(deviceUse({ sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' }, 1_700_000_000_000)).toEqual({
      ip: '203.0.113.9',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      used_ms: 1_700_000_000_000,
    });
  });

  it('records an absent User-Agent as empty', () => {
    expect(deviceUse({ sourceIp: '203.0.113.9' }, 1).user_agent).toBe('');
  });

  it(`cuts a User-Agent to ${USER_AGENT_MAX_LENGTH} characters, never inside a surrogate pair`, () => {
    expect(deviceUse({ sourceIp: 'a', userAgent: 'x'.repeat(8192) }, 1).user_agent).toBe('x'.repeat(USER_AGENT_MAX_LENGTH));
    const emoji = deviceUse({ sourceIp: 'a', userAgent: '😀'.repeat(300) }, 1).user_agent;
    expect([...emoji]).toHaveLength(USER_AGENT_MAX_LENGTH);
    expect(emoji.isWellFormed()).toBe(true);
  });

  it('removes control characters (log and terminal injection), keeping the rest', () => {
    expect(deviceUse({ sourceIp: 'a', userAgent: 'Evil\r\n\u001b[31mAgent\u0000\u0085' }, 1).user_agent).toBe('Evil[31mAgent');
  });
});
