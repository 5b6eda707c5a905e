/** A reason an incoming record cannot be stored; `field` is a dotted path such as `batch[2].properties`. */
export interface ValidationProblem {
  code: ValidationCode;
  field?: string;
  message: string;
}

export type ValidationCode =
  | 'invalid_json'
  | 'invalid_type'
  | 'invalid_field'
  | 'no_user_anon_id'
  | 'event_too_large'
  | 'batch_too_large'
  | 'missing_field'
  | 'invalid_timestamp'
  | 'invalid_unicode'
  | 'too_deep';
