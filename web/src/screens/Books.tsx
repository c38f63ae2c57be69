// The books (admin, auditor): ledger accounts by owner, an account's history, and a button
// that has the server recompute the hash chain and every balance and shows the result.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type LedgerAccount,
  type LedgerTransfer,
  type LedgerVerification,
  isProblem,
  ledgerHistory,
  listLedgerAccounts,
  verifyLedger,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { type I18n, useI18n } from '../i18n';
import { useSession } from '../session';

// The codes the API sends, each with a label in both languages (i18n.ts, books.*). A code
// this page does not know (a newer server) is shown as sent rather than hidden.
const kOwnerKinds = ['customer', 'merchant', 'charity', 'fund', 'program', 'company'] as const;
const kUnits = ['KRW', 'CREDIT'] as const;
const kTransferKinds = ['posted', 'pending', 'post', 'void', 'expire'] as const;
const kCheckKinds = ['sequence', 'hash', 'rule', 'balance', 'head', 'totals'] as const;

function oneOf<T extends string>(codes: readonly T[], value: string): value is T {
  return (codes as readonly string[]).includes(value);
}

type Translate = I18n['t'];

/** An account owner's kind ("charity") in the current language ("자선단체"). */
export function ownerKindLabel(t: Translate, kind: string): string {
  return oneOf(kOwnerKinds, kind) ? t(`books.owner.${kind}`) : kind;
}

/** A ledger's unit ("KRW", "CREDIT") in the current language. */
export function unitLabel(t: Translate, unit: string): string {
  return oneOf(kUnits, unit) ? t(`books.unit.${unit}`) : unit;
}

/** A journal entry's kind ("posted", "pending", ...) in the current language. */
export function transferKindLabel(t: Translate, kind: string): string {
  return oneOf(kTransferKinds, kind) ? t(`books.transfer.${kind}`) : kind;
}

/** What a failed verification found wrong ("hash", "balance", ...) in the current language. */
export function checkKindLabel(t: Translate, kind: string): string {
  return oneOf(kCheckKinds, kind) ? t(`books.check.${kind}`) : kind;
}

type Owner = Pick<LedgerAccount, 'owner_kind' | 'owner_ref' | 'owner_name' | 'owner_name_en'>;

/** An account's owner as a reader knows it: by the name the server gives (an organisation's,
 *  a person's, a program's in the reader's language); by the reference the books hold when
 *  the owner is not on record. */
export function ownerName(account: Owner, locale: string): string {
  const name = locale === 'en' ? account.owner_name_en : account.owner_name;
  return name ?? account.owner_ref;
}

/** What the name stands for, for a tooltip or a detail line: the owner's kind and the
 *  reference the books hold (an organisation's or a person's number, a program's code). */
export function ownerReference(t: Translate, account: Owner): string {
  return t('books.owner_ref_title', { kind: ownerKindLabel(t, account.owner_kind), ref: account.owner_ref });
}

/** Amount in the account's unit: won for KRW, credit points otherwise; thousands separated. */
export function formatAmount(amount: number, unit: string, i18n: Pick<I18n, 'krw' | 't'>): string {
  return unit === 'KRW' ? i18n.krw(amount) : i18n.t('books.points', { amount: formatCount(amount) });
}

function VerifyPanel() {
  const { t } = useI18n();
  const [result, setResult] = useState<LedgerVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await verifyLedger());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="card">
      <button type="button" class="button button-secondary" onClick={() => void run()} disabled={busy}>
        {busy ? t('books.verifying') : t('books.verify')}
      </button>
      <div aria-live="polite">
        {result &&
          (result.ok ? (
            <p class="notice notice-success">
              {t('books.verified', {
                entries: formatCount(result.entries),
                accounts: formatCount(result.accounts),
                transfers: formatCount(result.transfers),
                hash: result.head_hash.slice(0, 16) + '…',
              })}
            </p>
          ) : (
            <p class="notice notice-error" role="alert">
              {t('books.mismatch', {
                entry: result.mismatch?.entry ?? '',
                kind: checkKindLabel(t, result.mismatch?.kind ?? ''),
                message: result.mismatch?.message ?? '',
              })}
            </p>
          ))}
      </div>
      {error !== null && <ProblemNotice error={error} onRetry={() => void run()} />}
    </div>
  );
}

/** An account in a history row: its owner's name when the page has loaded the account (its
 *  number then in the title), else its number. */
function AccountCell({ id, known }: { id: string; known: ReadonlyMap<string, LedgerAccount> }) {
  const { t, locale } = useI18n();
  const account = known.get(id);
  return (
    <td class="break" title={account ? `${t('books.account')} ${id} · ${ownerReference(t, account)}` : undefined}>
      {account ? ownerName(account, locale) : id}
    </td>
  );
}

function History({ account, known }: { account: LedgerAccount; known: ReadonlyMap<string, LedgerAccount> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<LedgerTransfer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);

  async function load(next: string | null) {
    try {
      const page = await ledgerHistory(account.id, { cursor: next });
      setItems((old) => (next ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    setItems([]);
    void load(null);
  }, [account.id]);

  return (
    <section aria-labelledby="books-history">
      <h2 id="books-history">{t('books.history_of', { id: account.id })}</h2>
      <p class="muted">
        {t('books.owner_of', { name: ownerName(account, i18n.locale) })}
        <br />
        {ownerReference(t, account)}
      </p>
      {loaded && items.length === 0 && !error && <p class="muted">{t('books.no_history')}</p>}
      {items.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="books-history">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('books.when')}</th>
                <th scope="col">{t('books.kind')}</th>
                <th scope="col">{t('books.debit')}</th>
                <th scope="col">{t('books.credit')}</th>
                <th scope="col">{t('books.amount')}</th>
                <th scope="col">{t('books.reference')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td class="nowrap">
                    <time dateTime={x.timestamp}>{i18n.kst(x.timestamp)}</time>
                  </td>
                  <td class="nowrap">{transferKindLabel(t, x.kind)}</td>
                  <AccountCell id={x.debit_account_id} known={known} />
                  <AccountCell id={x.credit_account_id} known={known} />
                  <td class="nowrap">
                    {x.debit_account_id === account.id ? '−' : '+'}
                    {formatAmount(x.amount, account.unit, i18n)}
                  </td>
                  <td class="break">{x.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('books.more')}
        </button>
      )}
    </section>
  );
}

export function BooksScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [ownerKind, setOwnerKind] = useState('');
  const [ownerRef, setOwnerRef] = useState('');
  const [accounts, setAccounts] = useState<LedgerAccount[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<LedgerAccount | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  // Every account loaded on this page, so a history names the other side of each entry.
  const [known, setKnown] = useState<ReadonlyMap<string, LedgerAccount>>(new Map());
  usePageTitle(t('books.title'));

  async function search(next: string | null) {
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    try {
      const page = await listLedgerAccounts({
        ownerKind: ownerKind || undefined,
        ownerRef: ownerRef.trim() || undefined,
        cursor: next,
        signal: abort.signal,
      });
      setAccounts((old) => (next ? [...old, ...page.items] : page.items));
      setKnown((old) => new Map([...old, ...page.items.map((a): [string, LedgerAccount] => [a.id, a])]));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      if (abort.signal.aborted) return;
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    void search(null);
    return () => abortRef.current?.abort();
  }, []);

  return (
    <section aria-labelledby="books-title">
      <h1 id="books-title" tabIndex={-1}>
        {t('books.title')}
      </h1>
      <p class="muted">{t('books.intro')}</p>
      <VerifyPanel />
      <form
        class="panel form-inline"
        role="search"
        aria-label={t('books.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setSelected(null);
          void search(null);
        }}
      >
        <div class="field">
          <label for="books-owner-kind">{t('books.owner_kind')}</label>
          <select
            id="books-owner-kind"
            name="owner_kind"
            value={ownerKind}
            onChange={(e) => setOwnerKind(e.currentTarget.value)}
          >
            <option value="">{t('books.all_owners')}</option>
            {kOwnerKinds.map((k) => (
              <option key={k} value={k}>
                {ownerKindLabel(t, k)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="books-owner-ref">{t('books.owner_ref')}</label>
          <input
            id="books-owner-ref"
            name="owner_ref"
            value={ownerRef}
            maxLength={64}
            autoComplete="off"
            spellcheck={false}
            aria-describedby="books-owner-ref-hint"
            onInput={(e) => setOwnerRef(e.currentTarget.value)}
          />
          <p id="books-owner-ref-hint" class="hint">
            {t('books.owner_ref_hint')}
          </p>
        </div>
        <button type="submit" class="button button-primary">
          {t('books.search')}
        </button>
      </form>
      <h2>{t('books.accounts')}</h2>
      {loaded && accounts.length === 0 && !error && <p class="muted">{t('books.empty')}</p>}
      {accounts.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="books-title">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('books.account')}</th>
                <th scope="col">{t('books.owner_kind')}</th>
                <th scope="col">{t('books.owner_ref')}</th>
                <th scope="col">{t('books.unit')}</th>
                <th scope="col">{t('books.balance')}</th>
                <th scope="col">{t('books.pending')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} aria-selected={selected?.id === a.id}>
                  <td>
                    <button type="button" class="link" onClick={() => setSelected(a)}>
                      {a.id}
                    </button>
                    {a.closed && <span class="muted"> ({t('books.closed')})</span>}
                  </td>
                  <td>{ownerKindLabel(t, a.owner_kind)}</td>
                  <td class="break" title={ownerReference(t, a)}>
                    {ownerName(a, i18n.locale)}
                  </td>
                  <td>{unitLabel(t, a.unit)}</td>
                  <td class="nowrap">{formatAmount(a.balances.net_posted, a.unit, i18n)}</td>
                  <td class="nowrap">
                    {formatAmount(a.balances.credits_pending - a.balances.debits_pending, a.unit, i18n)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => void search(null)} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void search(cursor)}>
          {t('books.more')}
        </button>
      )}
      {selected && <History account={selected} known={known} />}
    </section>
  );
}
