export { serviceSignals, feedbackSignals, failedPaymentSignals, contactSignals, churnSignals, orderSignals, personIdentity, type SignalWindow } from './service-signals.sql.js';
