/**
 * A request the computation refuses because of what it asked (not a bug): the HTTP layer answers
 * 400 with `code` and `field`; the CLI prints the message.
 */
export interface DecideIssue {
  code: 'invalid_definition' | 'invalid_intervention' | 'no_journeys';
  message: string;
  /** The request field at fault (`shapleyMethod`, `interventions[0].label`), when one is. */
  field?: string;
}
