import { z } from 'zod';

/** ISO 4217 codes this runtime's Intl knows (the codes a currency format can be made for). */
const KNOWN: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** A currency as ISO 4217 code: three capital letters that Intl knows ("USD", "EUR", "CNY"). */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 currency code in capitals, such as "USD", "EUR" or "CNY"' })
  .refine((c) => KNOWN.has(c), { message: 'not an ISO 4217 currency code this runtime knows' });
export type CurrencyCode = z.infer<typeof currencyCodeSchema>;
