import type { MessageChannel, JourneyDefinition } from './journey-definition.schema.js';
import type { RunOutcome, RunStatus } from './run.js';

/** draft: editable, not running; live: its latest published version takes new entries; paused: no entries and no steps advance; archived: every run ended. */
export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

/** A journey in lists (`GET /v1/journeys`). */
export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  /** The version new entries take (null before the first publish). */
  liveVersion: number | null;
  triggerType: JourneyDefinition['trigger']['type'];
  createdAt: string;
  updatedAt: string;
  /** Runs under way now (active, waiting or following for the goal), over every version. */
  running: number;
  entered: number;
}

/** One journey (`GET /v1/journeys/:id`): its draft, which may differ from the live version, and its versions. */
export interface JourneyDetail extends JourneySummary {
  definition: JourneyDefinition;
  /** The draft differs from the latest published version. */
  unpublishedChanges: boolean;
  versions: Array<{ version: number; publishedAt: string; running: number }>;
}

/** Message statuses, in the order a message moves through them; held / skipped say why it was not sent (yet). */
export const MESSAGE_STATUSES = ['queued', 'held', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why a message was held or skipped. */
export type MessageReason = 'quiet_hours' | 'consent' | 'frequency_cap' | 'suppressed' | 'no_address' | 'journey_paused' | 'error';

export interface StepStats {
  stepId: string;
  type: string;
  label: string | null;
  /** Runs that reached the step (a loop's body counts once per run). */
  reached: number;
  /** Runs waiting at the step now. */
  waiting: number;
}

export interface ArmStats {
  variant: string;
  people: number;
  goal: number;
  /** goal / people (null with no people). */
  rate: number | null;
}

/** `GET /v1/journeys/:id/stats`: runs, steps, messages and the holdout comparison, for one version or all. */
export interface JourneyStats {
  journeyId: string;
  version: number | null;
  entered: number;
  running: number;
  waiting: number;
  following: number;
  ended: Record<RunOutcome, number>;
  goalReached: number;
  steps: StepStats[];
  messages: Record<MessageStatus, number>;
  /** Per split variant, holdout included: people and goal reached. Empty without a split. */
  arms: ArmStats[];
  /** Treatment's goal rate minus the holdout's (null without a holdout or people on both sides). */
  holdoutUplift: number | null;
}

/** A message in `GET /v1/messages` (the messages view). */
export interface JourneyMessage {
  id: string;
  journeyId: string;
  version: number;
  stepId: string;
  personId: string;
  channel: MessageChannel | 'webhook';
  transactional: boolean;
  status: MessageStatus;
  reason: MessageReason | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface JourneyRunView {
  id: string;
  journeyId: string;
  version: number;
  personId: string;
  correlation: string | null;
  status: RunStatus;
  stepId: string | null;
  wakeAt: string | null;
  enteredAt: string;
  endedAt: string | null;
  outcome: RunOutcome | null;
  variant: string | null;
}

/** `GET /v1/journeys`. */
export interface JourneyListAnswer {
  journeys: JourneySummary[];
}

/** `POST /v1/journeys/validate` (and the 400 of a create or edit): each issue at its JSON path. */
export interface JourneyValidation {
  valid: boolean;
  issues: Array<{ path: string; message: string }>;
}

/** `GET /v1/messages`: newest first; `next` is the cursor for the page after. */
export interface JourneyMessagesAnswer {
  messages: JourneyMessage[];
  next: string | null;
}

/** `POST /v1/journeys/:id/preview`: a send step's template rendered for a chosen person. */
export interface JourneyPreview {
  stepId: string;
  channel: MessageChannel;
  personId: string;
  locale: string;
  subject: string | null;
  body: string;
}
