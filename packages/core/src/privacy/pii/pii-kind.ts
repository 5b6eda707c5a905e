import { z } from 'zod';

/** The kinds of personal data the classifiers recognise (docs/privacy.md#pii-detection-and-masking). */
export const PII_KINDS = ['email', 'phone', 'card', 'cn_id', 'iban', 'ip', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export const piiKindSchema = z.enum(PII_KINDS);
