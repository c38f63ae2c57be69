// The delivery address of a payment: recipient, phone, postal code, address, detail and a note
// for the courier, each with its error beside it.
import type { ShipTo } from '../api/client';
import { useI18n } from '../i18n';
import type { ShipToField } from '../market/shipping';
import { FormField } from './MarketForm';

const kFields: readonly { field: ShipToField; type: string; autocomplete: string; required: boolean }[] = [
  { field: 'recipient', type: 'text', autocomplete: 'name', required: true },
  { field: 'phone', type: 'tel', autocomplete: 'tel-national', required: true },
  { field: 'postal_code', type: 'text', autocomplete: 'postal-code', required: true },
  { field: 'address1', type: 'text', autocomplete: 'address-line1', required: true },
  { field: 'address2', type: 'text', autocomplete: 'address-line2', required: false },
  { field: 'memo', type: 'text', autocomplete: 'off', required: false },
];

export function ShipToFields(props: {
  idPrefix: string;
  value: ShipTo;
  invalid: readonly ShipToField[];
  onChange: (next: ShipTo) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset class="ship-to">
      <legend>{t('market.ship.legend')}</legend>
      {kFields.map(({ field, type, autocomplete, required }) => (
        <FormField
          key={field}
          id={`${props.idPrefix}-${field}`}
          label={t(`market.ship.${field}`)}
          error={props.invalid.includes(field) ? t('market.ship.invalid') : undefined}
        >
          {(a11y) => (
            <input
              {...a11y}
              type={type}
              autocomplete={autocomplete}
              inputMode={field === 'postal_code' || field === 'phone' ? 'numeric' : undefined}
              maxLength={field === 'postal_code' ? 5 : field === 'memo' ? 100 : 200}
              required={required}
              value={props.value[field] ?? ''}
              onInput={(e) => props.onChange({ ...props.value, [field]: (e.target as HTMLInputElement).value })}
            />
          )}
        </FormField>
      ))}
    </fieldset>
  );
}
