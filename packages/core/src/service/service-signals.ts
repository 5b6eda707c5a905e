/** What the warehouse scan hands the triggers (one kind per trigger); times in ms. */

/** A feedback event with its text. */
export interface FeedbackSignal {
  personId: string;
  messageId: string;
  at: number;
  text: string;
  topic: string | null;
}

/** A failed-payment event. */
export interface FailedPaymentSignal {
  personId: string;
  messageId: string;
  at: number;
  event: string;
  orderId: string | null;
  amount: number | null;
}

/** One person's support contacts, oldest first, from at least the trigger's window before the first new one. */
export interface ContactsSignal {
  personId: string;
  contacts: Array<{ messageId: string; at: number; event: string }>;
}

/** A person's churn risk from the latest scoring run. */
export interface ChurnSignal {
  personId: string;
  risk: number;
  scoredAt: number;
  reasons: unknown;
}

/** A customer's purchase history in brief. */
export interface OrdersSignal {
  personId: string;
  orders: number;
  firstAt: number;
  lastAt: number;
  lastMessageId: string;
}

export interface ServiceSignals {
  feedback: FeedbackSignal[];
  failedPayments: FailedPaymentSignal[];
  contacts: ContactsSignal[];
  churn: ChurnSignal[];
  orders: OrdersSignal[];
}
