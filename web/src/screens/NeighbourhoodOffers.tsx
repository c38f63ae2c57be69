// The member's neighbourhood page (public; phone-sized): the offers of the shops around them on
// a plotted map and in a list, nearest first; a signed-in member takes a one-time code to show
// at the counter; the prize events open for entries. The map is drawn here (SVG, to scale, no
// map tiles: docs/decisions.md, "Neighbourhood membership").
import { useEffect, useState } from 'preact/hooks';
import {
  ApiProblem,
  enterPrizeEvent,
  listPrizeEvents,
  offersNear,
  takeOfferCode,
  type NeighbourhoodCode,
  type NeighbourhoodOffer,
  type NeighbourhoodPoint,
  type PrizeEvent,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { discountLabel, distanceLabel, groupedCode, kDefaultPoint, kRadiiM, mapPosition } from '../neighbourhood/logic';
import { useSession } from '../session';

const kMapPx = 300;

function OffersMap(props: { centre: NeighbourhoodPoint; radiusM: number; offers: NeighbourhoodOffer[] }) {
  const { t } = useI18n();
  const half = kMapPx / 2;
  return (
    <svg
      class="nb-map"
      viewBox={`0 0 ${kMapPx} ${kMapPx}`}
      role="img"
      aria-label={t('nb.map_label', { radius: distanceLabel(props.radiusM) })}
      data-testid="nb-map"
    >
      <rect x="0" y="0" width={kMapPx} height={kMapPx} fill="#f4f7f2" />
      <circle cx={half} cy={half} r={half - 1} fill="none" stroke="#9bb58f" stroke-dasharray="4 4" />
      <text x={kMapPx - 4} y="14" text-anchor="end" font-size="11" fill="#5a6b55">
        N ↑ · {distanceLabel(props.radiusM)}
      </text>
      {props.offers.map((o, i) => {
        if (!o.shop) return null;
        const p = mapPosition(props.centre, o.shop.location, props.radiusM, kMapPx);
        return (
          <g key={o.id} data-testid="nb-map-shop">
            <circle cx={p.x} cy={p.y} r="11" fill="#e8743b" />
            <text x={p.x} y={p.y + 4} text-anchor="middle" font-size="11" fill="#fff">
              {i + 1}
            </text>
          </g>
        );
      })}
      <circle cx={half} cy={half} r="7" fill="#2c6fbb" stroke="#fff" stroke-width="2" />
      <text x={half} y={half + 22} text-anchor="middle" font-size="11" fill="#2c6fbb">
        {t('nb.you_are_here')}
      </text>
    </svg>
  );
}

function OfferCard(props: { offer: NeighbourhoodOffer; index: number; member: boolean }) {
  const { t, krw, kst } = useI18n();
  const o = props.offer;
  const [code, setCode] = useState<NeighbourhoodCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function take() {
    try {
      setCode(await takeOfferCode(o.id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li class="card" data-testid="nb-offer">
      <h3 class="card-title">
        {props.index + 1}. {o.shop?.name} <span class="muted">· {o.shop?.category}</span>
      </h3>
      <p>
        <strong>{o.title}</strong> ({discountLabel(o, krw)})
      </p>
      <dl class="facts">
        {o.distance_m != null && (
          <>
            <dt>{t('nb.distance')}</dt>
            <dd>{distanceLabel(o.distance_m)}</dd>
          </>
        )}
        {o.conditions && (
          <>
            <dt>{t('nb.conditions')}</dt>
            <dd>{o.conditions}</dd>
          </>
        )}
        <dt>{t('nb.valid_until')}</dt>
        <dd>{kst(o.valid_until)}</dd>
        <dt>{t('nb.address')}</dt>
        <dd>{o.shop?.address}</dd>
      </dl>
      {code ? (
        <div class="notice" role="status" data-testid="nb-code">
          <p>{t('nb.show_code')}</p>
          <p class="nb-code">{groupedCode(code.code)}</p>
          <p class="muted">{t('nb.code_expires', { time: kst(code.expires_at) })}</p>
        </div>
      ) : props.member ? (
        <button type="button" class="button button-primary" onClick={() => void take()}>
          {t('nb.take_code')}
        </button>
      ) : (
        <p class="muted">{t('nb.members_only')}</p>
      )}
      {error !== null && <NbProblem error={error} />}
    </li>
  );
}

/** A refusal the member or shop can act on, in words; other problems as usual. */
export function NbProblem(props: { error: unknown }) {
  const { t } = useI18n();
  const slug: string = props.error instanceof ApiProblem ? props.error.slug : '';
  const known: Record<string, Parameters<typeof t>[0]> = {
    'already-redeemed': 'nb.err.already_redeemed',
    'code-expired': 'nb.err.code_expired',
    'no-such-code': 'nb.err.no_such_code',
    'daily-limit-reached': 'nb.err.daily_limit',
    'weekly-cap-reached': 'nb.err.weekly_cap',
    'offer-not-valid': 'nb.err.offer_not_valid',
    'entries-closed': 'nb.err.entries_closed',
  };
  const key = known[slug];
  if (key)
    return (
      <div class="notice notice-error" role="alert" data-testid="nb-refused">
        <p>{t(key)}</p>
      </div>
    );
  return <ProblemNotice error={props.error} />;
}

function PrizeEvents(props: { member: boolean }) {
  const { t, kst } = useI18n();
  const [events, setEvents] = useState<PrizeEvent[]>([]);
  const [entered, setEntered] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void listPrizeEvents()
      .then((p) => setEvents(p.items))
      .catch(setError);
  }, []);
  async function enter(id: string) {
    try {
      const entry = await enterPrizeEvent(id);
      setEntered({ ...entered, [id]: entry.id });
    } catch (e) {
      setError(e);
    }
  }
  const now = Date.now();
  return (
    <>
      <h2>{t('nb.prize_events')}</h2>
      {error !== null && <NbProblem error={error} />}
      <ul class="cards">
        {events.map((e) => {
          const open = !e.drawn_at && Date.parse(e.opens_at) <= now && now < Date.parse(e.closes_at);
          return (
            <li class="card" key={e.id} data-testid="nb-prize-event">
              <h3 class="card-title">{e.title}</h3>
              <p>{t('nb.prize', { prize: e.prize, n: e.winners_count })}</p>
              <p class="muted">
                {kst(e.opens_at)} – {kst(e.closes_at)}
              </p>
              <p class="muted nb-commitment">
                {t('nb.commitment')} <code>{e.seed_commitment.slice(0, 16)}…</code>
              </p>
              {e.drawn_at ? (
                <a href={`/api/v1/neighbourhood/prize-events/${e.id}/draw`}>{t('nb.see_draw')}</a>
              ) : entered[e.id] ? (
                <p role="status">{t('nb.entered', { id: entered[e.id] })}</p>
              ) : open && props.member ? (
                <button type="button" class="button button-primary" onClick={() => void enter(e.id)}>
                  {t('nb.enter')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p class="muted">{t('nb.verify_hint')}</p>
    </>
  );
}

export function NeighbourhoodOffersScreen() {
  const { t } = useI18n();
  const { user } = useSession();
  const member = !!user?.roles.some((r) => r.role === 'customer');
  const [centre, setCentre] = useState<NeighbourhoodPoint>(kDefaultPoint);
  const [radiusM, setRadiusM] = useState<number>(500);
  const [offers, setOffers] = useState<NeighbourhoodOffer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('nav.neighbourhood'));
  async function load() {
    try {
      setOffers((await offersNear(centre, radiusM)).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, [centre, radiusM]);
  function locate() {
    navigator.geolocation?.getCurrentPosition((p) => setCentre({ lat: p.coords.latitude, lon: p.coords.longitude }));
  }
  return (
    <section aria-labelledby="nb-title">
      <h1 id="nb-title" tabIndex={-1}>
        {t('nav.neighbourhood')}
      </h1>
      <p class="muted">{t('nb.intro')}</p>
      <div class="nb-controls">
        <label>
          {t('nb.radius')}{' '}
          <select value={radiusM} onChange={(e) => setRadiusM(Number((e.target as HTMLSelectElement).value))}>
            {kRadiiM.map((r) => (
              <option key={r} value={r}>
                {distanceLabel(r)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" class="button button-secondary" onClick={locate}>
          {t('nb.use_my_location')}
        </button>
      </div>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      <OffersMap centre={centre} radiusM={radiusM} offers={offers ?? []} />
      {offers !== null && offers.length === 0 && <p class="muted">{t('nb.none')}</p>}
      <ul class="cards">
        {(offers ?? []).map((o, i) => (
          <OfferCard key={o.id} offer={o} index={i} member={member} />
        ))}
      </ul>
      <PrizeEvents member={member} />
    </section>
  );
}
