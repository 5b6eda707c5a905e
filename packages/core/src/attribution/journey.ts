import { z } from 'zod';

/** One touch of a conversion path: the label it is attributed under (event, touchpoint or channel) and when it happened. */
export interface Touch {
  label: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/**
 * One conversion path, the input of every attribution model. The path extractor (warehouse)
 * emits one journey per conversion with the touches before it inside the lookback window, and
 * one non-converting ("null") journey per person for the touches after their last conversion.
 */
export interface Journey {
  personId: string;
  /** In time order: before the conversion, or all touches of a null journey. */
  touches: Touch[];
  converted: boolean;
  /** Conversion value; 0 when not converted. */
  value: number;
  /** Epoch milliseconds of the conversion; null when not converted. */
  conversionAt: number | null;
}

export const touchSchema = z.object({ label: z.string().min(1).max(500), timestamp: z.number().finite() }).strict();

/** A journey as it arrives over a boundary (HTTP, files): a converted journey has a conversion time, a null one has value 0. */
export const journeySchema = z
  .object({
    personId: z.string().min(1),
    touches: z.array(touchSchema),
    converted: z.boolean(),
    value: z.number().finite(),
    conversionAt: z.number().finite().nullable(),
  })
  .strict()
  .superRefine((j, ctx) => {
    if (j.converted && j.conversionAt === null) ctx.addIssue({ code: 'custom', path: ['conversionAt'], message: 'a converted journey needs its conversion time' });
    if (!j.converted && j.value !== 0) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a journey that did not convert has value 0' });
    for (let i = 1; i < j.touches.length; i++) {
      if (j.touches[i]!.timestamp < j.touches[i - 1]!.timestamp) {
        ctx.addIssue({ code: 'custom', path: ['touches', i, 'timestamp'], message: 'touches must be in time order' });
        break;
      }
    }
  });
