// The manager's control page for one event: go live, pin a featured product or a moment, end,
// offer the replay; the counters and the messages as viewers see them, with hide and block.
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  blockLiveUser,
  getLiveEvent,
  getMarketProduct,
  hideLiveMessage,
  listLiveMessages,
  moveLiveEvent,
  pinLive,
  type MarketProduct,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { addMessage, applySnapshot, hideMessage, type LiveView } from '../live/logic';
import { LiveCountersList, LiveStateBadge, PinnedCard, useLiveStream } from './LiveParts';

export function LiveControlScreen() {
  const { params } = useRoute();
  const { t } = useI18n();
  const [view, setView] = useState<LiveView | null>(null);
  const [products, setProducts] = useState<MarketProduct[]>([]);
  const [moment, setMoment] = useState('');
  const [replayUrl, setReplayUrl] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  usePageTitle(t('live.control_title'));

  useEffect(() => {
    const id = params.id;
    if (!id) return;
    void (async () => {
      try {
        const [event, messages] = await Promise.all([getLiveEvent(id), listLiveMessages(id)]);
        setView({ event, pin: event.pin ?? null, counters: event.counters ?? { viewers: 0, orders: 0, sold: 0, donation_won: 0 }, messages: messages.items });
        setProducts(await Promise.all(event.product_ids.map((p) => getMarketProduct(p))));
      } catch (e) {
        setError(e);
      }
    })();
  }, [params.id]);

  useLiveStream(params.id, {
    snapshot: (s) => setView((v) => (v ? applySnapshot(v, s) : v)),
    message: (m) => setView((v) => (v ? addMessage(v, m) : v)),
    hidden: (id) => setView((v) => (v ? hideMessage(v, id) : v)),
  });

  async function act(what: () => Promise<unknown>, message: string) {
    try {
      await what();
      setError(null);
      setDone(message);
    } catch (e) {
      setError(e);
    }
  }

  if (!view) return error !== null ? <ProblemNotice error={error} /> : <p>{t('app.loading')}</p>;
  const e = view.event;
  return (
    <section aria-labelledby="live-control-title">
      <h1 id="live-control-title" tabIndex={-1}>
        {t('live.control_title')}
      </h1>
      <p>
        <a href={`/live/${e.id}`}>{e.title}</a> <LiveStateBadge state={e.state} />
      </p>
      {error !== null && <ProblemNotice error={error} />}
      {done && (
        <p role="status" class="muted">
          {done}
        </p>
      )}
      <p class="actions">
        {e.state === 'scheduled' && (
          <button type="button" class="button button-primary" onClick={() => void act(() => moveLiveEvent(e.id, 'live'), t('live.went_live'))}>
            {t('live.go_live')}
          </button>
        )}
        {e.state === 'live' && (
          <button type="button" class="button button-secondary" onClick={() => void act(() => moveLiveEvent(e.id, 'ended'), t('live.was_ended'))}>
            {t('live.end')}
          </button>
        )}
      </p>
      {e.state === 'ended' && (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void act(() => moveLiveEvent(e.id, 'replay_available', replayUrl), t('live.replay_published'));
          }}
        >
          <label>
            {t('live.replay_url')}
            <input type="url" value={replayUrl} onInput={(ev) => setReplayUrl((ev.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button button-primary">
            {t('live.publish_replay')}
          </button>
        </form>
      )}
      <PinnedCard pin={view.pin} />
      <LiveCountersList counters={view.counters} market={e.kind === 'market_show'} />
      {(e.state === 'live' || e.state === 'ended') && (
        <div>
          <h2>{t('live.pin')}</h2>
          <ul class="cards">
            {products.map((p) => (
              <li key={p.id} class="card">
                <p class="card-title">{p.name}</p>
                <button
                  type="button"
                  class="button button-primary"
                  disabled={e.state !== 'live'}
                  onClick={() => void act(() => pinLive(e.id, { kind: 'product', product_id: p.id }), t('live.pinned', { title: p.name }))}
                >
                  {t('live.pin_product', { name: p.name })}
                </button>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(ev) => {
              ev.preventDefault();
              void act(() => pinLive(e.id, { kind: 'moment', title: moment }), t('live.pinned', { title: moment }));
              setMoment('');
            }}
          >
            <label>
              {t('live.moment')}
              <input value={moment} maxLength={100} onInput={(ev) => setMoment((ev.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="button button-secondary" disabled={!moment.trim()}>
              {t('live.pin_moment')}
            </button>
          </form>
        </div>
      )}
      <h2>{t('live.messages')}</h2>
      <ul class="messages">
        {view.messages.map((m) => (
          <li key={m.id}>
            <strong>{m.display_name}</strong> {m.body}{' '}
            <button type="button" class="button button-link" onClick={() => void act(() => hideLiveMessage(e.id, m.id), t('live.hidden'))}>
              {t('live.hide')}
            </button>{' '}
            <button type="button" class="button button-link" onClick={() => void act(() => blockLiveUser(e.id, m.user_id), t('live.blocked', { name: m.display_name }))}>
              {t('live.block')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
