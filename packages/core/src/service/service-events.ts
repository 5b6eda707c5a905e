import type { ServiceTask } from './service-task.js';

/** The event names a task's life records into the warehouse (the journey map's support lane shows them). */
export const SERVICE_TASK_CREATED_EVENT = 'Service Task Created';
export const SERVICE_TASK_CLOSED_EVENT = 'Service Task Closed';

/**
 * The Segment track message recording a task's creation or closing for the person, as
 * collection would take it. The messageId derives from the task id, so recording twice is once.
 */
export function serviceTaskMessage(task: ServiceTask, what: 'created' | 'closed', ids: { userId: string | null; anonymousId: string | null }): Record<string, unknown> {
  const at = what === 'closed' ? (task.closedAt ?? task.updatedAt) : task.createdAt;
  return {
    type: 'track',
    event: what === 'created' ? SERVICE_TASK_CREATED_EVENT : SERVICE_TASK_CLOSED_EVENT,
    messageId: `service-task-${what}-${task.id}`,
    ...(ids.userId !== null ? { userId: ids.userId } : { anonymousId: ids.anonymousId }),
    timestamp: at,
    properties: {
      task_id: task.id,
      source: task.source,
      priority: task.priority,
      owner: task.owner,
      ...(what === 'closed' ? { resolution: task.resolution } : {}),
      ...(task.journeyId ? { journey_id: task.journeyId } : {}),
    },
    context: { channel: 'support' },
  };
}
