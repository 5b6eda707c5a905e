import { normalizeMessage, serviceTaskMessage, type ServiceTask } from '@trailmap/core';
import { personIdentity, type EventStore } from '@trailmap/warehouse';

/**
 * Records a task's creation and closing as the person's events ("Service Task Created" /
 * "Service Task Closed"), through the store's collection path, so the journey map and the
 * profile show them. The messageId derives from the task id: recording twice stores one event.
 * A person the warehouse knows no id of (erased meanwhile) gets no event: false.
 */
export class ServiceTaskEvents {
  constructor(private readonly store: EventStore, private readonly now: () => number = Date.now) {}

  async record(tasks: ReadonlyArray<{ task: ServiceTask; what: 'created' | 'closed' }>): Promise<number> {
    if (tasks.length === 0) return 0;
    const db = await this.store.readSession();
    const events = [];
    for (const { task, what } of tasks) {
      const ids = await personIdentity(db, task.personId);
      if (!ids) continue;
      const r = normalizeMessage(serviceTaskMessage(task, what, ids), { receivedAt: this.now(), source: 'service' });
      if (!r.ok) throw new Error(`service task ${task.id}: its event is invalid: ${r.error.map((e) => e.message).join('; ')}`);
      events.push(r.value);
    }
    if (events.length) await this.store.ingestBatch(events);
    return events.length;
  }
}
