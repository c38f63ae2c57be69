// An event's page (public): the embedded player, a countdown before the start, the pinned
// product or moment and the counters, all following the stream without reloading; guest
// messages; "notify me"; the replay's timeline (a pin starts the recording where it was shown);
// for ceremonies an RSVP and the guest book.
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  answerRsvp,
  getLiveEvent,
  getMarketProduct,
  listGuestbook,
  listLiveMessages,
  postLiveMessage,
  remindMe,
  signGuestbook,
  type LiveGuestbookEntry,
  type LiveRsvpTotals,
  type MarketProduct,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { addMessage, applySnapshot, clockText, countdown, embedOf, hideMessage, playerAt, type LiveView } from '../live/logic';
import { useSession } from '../session';
import { LiveCountersList, LiveKindLabel, LiveStateBadge, PinnedCard, runsLive, useLiveStream } from './LiveParts';

function Countdown(props: { startsAt: string }) {
  const { t } = useI18n();
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = countdown(props.startsAt, now);
  if (!left) return <p data-testid="live-countdown">{t('live.starting')}</p>;
  return (
    <p class="countdown" data-testid="live-countdown" role="timer">
      {t('live.countdown', { d: left.days, h: left.hours, m: left.minutes, s: left.seconds })}
    </p>
  );
}

function Messages(props: { view: LiveView; eventId: string; open: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function send(e: Event) {
    e.preventDefault();
    try {
      await postLiveMessage(props.eventId, body);
      setBody('');
      setError(null);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div>
      <h2>{t('live.messages')}</h2>
      <ul class="messages" data-testid="live-messages" aria-live="polite">
        {props.view.messages.map((m) => (
          <li key={m.id}>
            <strong>{m.display_name}</strong> {m.body}
          </li>
        ))}
      </ul>
      {props.open && session.user && (
        <form onSubmit={send}>
          <label>
            {t('live.message_label')}
            <input value={body} maxLength={300} onInput={(e) => setBody((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button button-primary" disabled={!body.trim()}>
            {t('live.send')}
          </button>
        </form>
      )}
      {props.open && !session.user && (
        <p class="muted">
          <a href="/login">{t('live.login_to_chat')}</a>
        </p>
      )}
      {error !== null && <ProblemNotice error={error} />}
    </div>
  );
}

function Ceremony(props: { eventId: string; totals: LiveRsvpTotals | undefined }) {
  const { t } = useI18n();
  const session = useSession();
  const [totals, setTotals] = useState(props.totals);
  const [party, setParty] = useState(1);
  const [entries, setEntries] = useState<LiveGuestbookEntry[]>([]);
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void listGuestbook(props.eventId).then((p) => setEntries(p.items), setError);
  }, [props.eventId]);
  async function rsvp(answer: 'yes' | 'no' | 'maybe') {
    try {
      setTotals((await answerRsvp(props.eventId, answer, party)).totals);
    } catch (e) {
      setError(e);
    }
  }
  async function sign(e: Event) {
    e.preventDefault();
    try {
      const entry = await signGuestbook(props.eventId, body);
      setEntries((old) => [entry, ...old]);
      setBody('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div>
      <h2>{t('live.rsvp')}</h2>
      {totals && <p data-testid="live-rsvps">{t('live.rsvp_totals', { yes: totals.yes, people: totals.people, maybe: totals.maybe })}</p>}
      {session.user && (
        <p class="actions">
          <label>
            {t('live.party_size')}
            <input type="number" min={1} max={10} value={party} onInput={(e) => setParty(Number((e.target as HTMLInputElement).value) || 1)} />
          </label>
          <button type="button" class="button button-primary" onClick={() => void rsvp('yes')}>
            {t('live.rsvp_yes')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => void rsvp('maybe')}>
            {t('live.rsvp_maybe')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => void rsvp('no')}>
            {t('live.rsvp_no')}
          </button>
        </p>
      )}
      <h2>{t('live.guestbook')}</h2>
      {session.user && (
        <form onSubmit={sign}>
          <label>
            {t('live.guestbook_label')}
            <input value={body} maxLength={300} onInput={(e) => setBody((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button button-primary" disabled={!body.trim()}>
            {t('live.sign')}
          </button>
        </form>
      )}
      <ul class="messages" data-testid="live-guestbook">
        {entries.map((g) => (
          <li key={g.id}>
            <strong>{g.display_name}</strong> {g.body}
          </li>
        ))}
      </ul>
      {error !== null && <ProblemNotice error={error} />}
    </div>
  );
}

export function LiveEventScreen() {
  const { params } = useRoute();
  const i18n = useI18n();
  const { t, kst, krw } = i18n;
  const session = useSession();
  const [view, setView] = useState<LiveView | null>(null);
  const [products, setProducts] = useState<MarketProduct[]>([]);
  const [seekTo, setSeekTo] = useState<number | null>(null);
  const [reminded, setReminded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(view?.event.title ?? t('live.title'));

  useEffect(() => {
    const id = params.id;
    if (!id) return;
    void (async () => {
      try {
        const [event, messages] = await Promise.all([getLiveEvent(id), listLiveMessages(id)]);
        // The featured products come before the first render, not after it: a list appearing
        // above the timeline once its requests answered moved the buttons under a viewer's
        // finger, and the press landed elsewhere.
        const featured = await Promise.all(event.product_ids.map((p) => getMarketProduct(p)));
        setProducts(featured);
        setView((old) => ({
          event,
          pin: event.pin ?? null,
          counters: event.counters ?? { viewers: 0, orders: 0, sold: 0, donation_won: 0 },
          messages: [...messages.items, ...(old?.messages ?? [])],
        }));
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

  if (error !== null) return <ProblemNotice error={error} />;
  if (!view) return <p>{t('app.loading')}</p>;
  const e = view.event;
  const embed = playerAt(embedOf(e), e.state === 'replay_available' ? seekTo : null);
  const iptv = e.channels.filter((c) => c.platform === 'iptv');
  async function remind() {
    try {
      const r = await remindMe(e.id);
      setReminded(r.remind_at);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="live-event-title">
      <h1 id="live-event-title" tabIndex={-1}>
        {e.title}
      </h1>
      <p>
        <LiveStateBadge state={e.state} /> <LiveKindLabel kind={e.kind} /> · {kst(e.starts_at)}
      </p>
      <p class="muted">{e.hosts.join(', ')}</p>
      {runsLive(session.user, e.kind) && (
        <p class="actions">
          <a class="button button-secondary" href={`/live/${e.id}/control`}>
            {t('live.control_link')}
          </a>
        </p>
      )}
      {e.state === 'scheduled' && <Countdown startsAt={e.starts_at} />}
      {e.state === 'scheduled' && session.user && (
        <p class="actions">
          {reminded ? (
            <span data-testid="live-reminded">{t('live.reminded', { time: kst(reminded) })}</span>
          ) : (
            <button type="button" class="button button-secondary" onClick={() => void remind()}>
              {t('live.notify_me')}
            </button>
          )}
        </p>
      )}
      {embed && (e.state === 'live' || e.state === 'replay_available' || e.state === 'scheduled') && (
        <div class="player">
          <iframe
            title={t('live.player')}
            src={embed}
            allow="autoplay; encrypted-media; picture-in-picture"
            allowFullScreen
            loading="lazy"
            style="width:100%;aspect-ratio:16/9;border:0"
          />
        </div>
      )}
      {iptv.map((c) => (
        <p key={c.iptv_channel} class="muted">
          {t('live.iptv', { channel: c.iptv_channel })}
        </p>
      ))}
      <p class="actions">
        {e.channels
          .filter((c) => c.url)
          .map((c) => (
            <a key={c.url} class="button button-secondary" href={c.url} target="_blank" rel="noopener noreferrer">
              {c.platform === 'youtube' ? 'YouTube' : c.platform === 'facebook' ? 'Facebook' : 'IPTV'}
            </a>
          ))}
      </p>
      {e.state === 'live' && <PinnedCard pin={view.pin} />}
      {(e.state === 'live' || e.kind === 'market_show') && <LiveCountersList counters={view.counters} market={e.kind === 'market_show'} />}
      {e.description && <p>{e.description}</p>}
      {products.length > 0 && (
        <div>
          <h2>{t('live.products')}</h2>
          <ul class="cards">
            {products.map((p) => (
              <li key={p.id} class={`card${view.pin?.product_id === p.id && e.state === 'live' ? ' card-highlight' : ''}`}>
                <p class="card-title">{p.name}</p>
                <p>
                  {krw(p.price_won)} · {p.unit_label}
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
      {(e.state === 'replay_available' || e.state === 'ended') && (e.timeline ?? []).length > 0 && (
        <div>
          <h2>{t('live.timeline')}</h2>
          <ol class="timeline" data-testid="live-timeline">
            {(e.timeline ?? []).map((p) => (
              <li key={p.id}>
                <button type="button" class="button button-link" onClick={() => setSeekTo(p.at_s)} disabled={e.state !== 'replay_available'}>
                  {clockText(p.at_s)}
                </button>{' '}
                {p.title}
              </li>
            ))}
          </ol>
        </div>
      )}
      {e.kind === 'ceremony' && <Ceremony eventId={e.id} totals={e.rsvps} />}
      <Messages view={view} eventId={e.id} open={e.state === 'scheduled' || e.state === 'live'} />
    </section>
  );
}
