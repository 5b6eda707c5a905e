import { z } from 'zod';

/** The UI languages a display name can be given in. */
export const DISPLAY_LANGS = ['en', 'zh-CN'] as const;
export type DisplayLang = (typeof DISPLAY_LANGS)[number];

/** What can be given a display name: a touchpoint (its stored name) or a persona (its trait value). */
export const DISPLAY_NAME_KINDS = ['touchpoint', 'persona'] as const;
export type DisplayNameKind = (typeof DISPLAY_NAME_KINDS)[number];

const label = z.string().trim().min(1).max(120);

/** One name's labels; a language left out shows the stored name. */
export const displayNameSchema = z.object({ en: label.optional(), 'zh-CN': label.optional() }).strict();
export type DisplayName = z.infer<typeof displayNameSchema>;

/** `GET /v1/display-names`: every label, by kind, then by stored name. */
export const displayNamesSchema = z
  .object({ touchpoint: z.record(z.string(), displayNameSchema), persona: z.record(z.string(), displayNameSchema) })
  .strict();
export type DisplayNames = z.infer<typeof displayNamesSchema>;

/**
 * `PUT /v1/display-names`: set the labels of one touchpoint or persona. Each language given
 * replaces its label; `null` or an empty string removes it (the stored name shows again); a
 * language left out keeps its label.
 */
export const displayNameEditSchema = z
  .object({
    kind: z.enum(DISPLAY_NAME_KINDS),
    name: z.string().min(1).max(300),
    en: z.union([label, z.literal(''), z.null()]).optional(),
    'zh-CN': z.union([label, z.literal(''), z.null()]).optional(),
  })
  .strict()
  .refine((e) => e.en !== undefined || e['zh-CN'] !== undefined, { message: 'give en or zh-CN (null removes a label)', path: ['en'] });
export type DisplayNameEdit = z.infer<typeof displayNameEditSchema>;

export const emptyDisplayNames = (): DisplayNames => ({ touchpoint: {}, persona: {} });

/** The labels after an edit (pure: the state store applies the same merge in one statement). */
export function applyDisplayNameEdit(current: DisplayName, edit: DisplayNameEdit): DisplayName {
  const next: DisplayName = { ...current };
  for (const lang of DISPLAY_LANGS) {
    const v = edit[lang];
    if (v === undefined) continue;
    if (v === null || v === '') delete next[lang];
    else next[lang] = v;
  }
  return next;
}

/** The label to show in a language: that language's, else the stored name itself. */
export function displayNameOf(names: DisplayNames | null | undefined, kind: DisplayNameKind, name: string, lang: DisplayLang): string {
  return names?.[kind][name]?.[lang] ?? name;
}
