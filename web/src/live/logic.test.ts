import { describe, expect, it } from 'vitest';
import type { LiveEvent, LiveMessage } from '../api/client';
import { addMessage, applySnapshot, clockText, countdown, embedOf, hideMessage, playerAt, type LiveView } from './logic';

const event: LiveEvent = {
  id: '1',
  kind: 'market_show',
  title: '망원시장 저녁 장보기 라이브',
  description: '',
  hosts: ['쇼호스트 김하늘'],
  starts_at: '2026-11-30T19:00:00+09:00',
  ends_at: '2026-11-30T20:00:00+09:00',
  channels: [
    { platform: 'iptv', url: '', iptv_channel: 'U+tv 803', embed_url: '' },
    { platform: 'youtube', url: 'https://youtu.be/MangwonLive', iptv_channel: '', embed_url: 'https://www.youtube-nocookie.com/embed/MangwonLive' },
  ],
  state: 'scheduled',
  went_live_at: null,
  ended_at: null,
  replay_url: '',
  product_ids: ['9'],
  version: 3,
};
const counters = { viewers: 2, orders: 0, sold: 0, donation_won: 0 };
const view: LiveView = { event, pin: null, counters, messages: [] };
const message = (id: string): LiveMessage => ({ id, user_id: '7', display_name: '정미래', body: id, created_at: '' });

describe('the countdown', () => {
  it('counts days, hours, minutes and seconds to the start, then stops', () => {
    expect(countdown('2026-11-30T19:00:00+09:00', new Date('2026-11-29T08:58:55Z'))).toEqual({ days: 1, hours: 1, minutes: 1, seconds: 5 });
    expect(countdown('2026-11-30T19:00:00+09:00', new Date('2026-11-30T10:00:00Z'))).toBeNull();
  });
});

describe('the timeline', () => {
  it('shows times into the show as players do', () => {
    expect(clockText(245)).toBe('4:05');
    expect(clockText(3729)).toBe('1:02:09');
  });
  it('starts the replay where a pin was made', () => {
    expect(playerAt('https://www.youtube-nocookie.com/embed/KimjangShow', 900)).toBe('https://www.youtube-nocookie.com/embed/KimjangShow?start=900&autoplay=1');
    expect(playerAt('https://www.facebook.com/plugins/video.php?href=x', 30)).toContain('t=30');
    expect(playerAt('https://www.youtube-nocookie.com/embed/KimjangShow', null)).toBe('https://www.youtube-nocookie.com/embed/KimjangShow');
  });
  it('plays the recording once the replay is available, the live channel before', () => {
    expect(embedOf(event)).toBe('https://www.youtube-nocookie.com/embed/MangwonLive');
    expect(embedOf({ ...event, state: 'replay_available', replay_url: 'https://www.youtube.com/watch?v=KimjangShow' })).toBe(
      'https://www.youtube-nocookie.com/embed/KimjangShow',
    );
  });
});

describe('the stream', () => {
  it('takes a newer snapshot whole and only the counters of an older one', () => {
    const pin = { id: 'p', kind: 'product' as const, product_id: '9', title: '수제 어묵', at_s: 60, created_at: '' };
    const live = applySnapshot(view, { id: '1', state: 'live', version: 5, went_live_at: 'x', ended_at: null, replay_url: '', pin, counters: { ...counters, viewers: 9 } });
    expect(live.event.state).toBe('live');
    expect(live.pin?.title).toBe('수제 어묵');
    const stale = applySnapshot(live, { id: '1', state: 'scheduled', version: 4, went_live_at: null, ended_at: null, replay_url: '', pin: null, counters: { ...counters, sold: 3 } });
    expect(stale.event.state).toBe('live');
    expect(stale.pin?.title).toBe('수제 어묵');
    expect(stale.counters.sold).toBe(3);
  });
  it('adds a message once and drops a hidden one', () => {
    const two = addMessage(addMessage(addMessage(view, message('a')), message('b')), message('a'));
    expect(two.messages.map((m) => m.id)).toEqual(['a', 'b']);
    expect(hideMessage(two, 'a').messages.map((m) => m.id)).toEqual(['b']);
  });
});
