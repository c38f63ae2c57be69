// Form fields of the market's manager and merchant pages: a label, an optional hint, and the
// error next to the field (linked by aria-describedby, marked aria-invalid).
import type { ComponentChildren } from 'preact';
import { isProblem } from '../api/client';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export function FormField(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (a11y: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const { id, hint, error } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {props.children({
        id,
        'aria-invalid': error ? 'true' : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A whole number of at least 0 typed in a field ("2,000" allowed), or null. */
export function parseWhole(text: string): number | null {
  const cleaned = text.replace(/[,\s]/g, '');
  if (!/^\d{1,12}$/.test(cleaned)) return null;
  return Number(cleaned);
}

/**
 * The field errors of a 422 validation problem, for the fields this form has: a localized
 * sentence where `localized` knows the field, else the server's own message. Errors for other
 * fields come back in `rest`.
 */
export function serverFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  localized: Partial<Record<F, string>>,
): { fields: FieldErrors<F>; rest: string[] } {
  const out: FieldErrors<F> = {};
  const rest: string[] = [];
  if (!isProblem(error)) return { fields: out, rest };
  for (const e of error.errors) {
    if ((fields as readonly string[]).includes(e.field)) {
      const f = e.field as F;
      out[f] = localized[f] ?? e.message;
    } else {
      rest.push(`${e.field}: ${e.message}`);
    }
  }
  return { fields: out, rest };
}
