import { serviceTaskCloseSchema, serviceTaskPatchSchema } from '@trailmap/core';
import { taskListQuery } from '../routes/tasks.route.js';
import type { RouteDoc } from './route-doc.js';

const invalid = { status: 400, codes: ['invalid_definition'] };
const notFound = { status: 404, codes: ['not_found'] };
const id = { id: 'the task id (`st_…`)' };

/** The service task routes (docs/service.md), as the route catalogue lists them. */
export const SERVICE_TASK_ROUTES: RouteDoc[] = [
  {
    method: 'get', path: '/v1/tasks', tag: 'Service', summary: 'Service tasks: the open list by due time (overdue first), filtered and paged', auth: 'read', query: taskListQuery,
    params: {
      status: 'comma list of open, in_progress, closed (default open,in_progress)', priority: 'comma list of low, normal, high, urgent', source: 'comma list of journey, negative_sentiment, failed_payment, repeated_contacts, churn_risk, lifecycle, manual',
      owner: 'exactly this owner; `none` = unassigned', person: 'the person id', overdue: '`true`: only tasks not closed past their due time; `false`: the others',
      limit: '1–500 (default 50)', offset: 'skip this many (paging)',
    },
    description: 'Tasks made by the proactive-service triggers and by journeys\' create-task steps. Lists with closed tasks come newest closed first.',
    success: { description: '{ tasks, total, limit, offset }' }, errors: [invalid],
  },
  { method: 'get', path: '/v1/tasks/{id}', tag: 'Service', summary: 'One service task', auth: 'read', params: id, success: { description: '{ task }' }, errors: [invalid, notFound] },
  {
    method: 'patch', path: '/v1/tasks/{id}', tag: 'Service', summary: 'Assign, re-prioritise, start or re-schedule a task', auth: 'admin', params: id, body: serviceTaskPatchSchema,
    description: '`owner` (null unassigns), `priority`, `status` (open or in_progress; closing is POST …/close), `dueAt` (ISO instant or null). Audited (task.update).',
    success: { description: '{ task }' }, errors: [invalid, notFound, { status: 409, codes: ['task_closed'] }],
  },
  {
    method: 'post', path: '/v1/tasks/{id}/close', tag: 'Service', summary: 'Close a task with its resolution; recorded as a "Service Task Closed" event', auth: 'admin', params: id, body: serviceTaskCloseSchema,
    description: 'Audited (task.close). The event (messageId `service-task-closed-<id>`, properties task_id, source, priority, owner, resolution) goes through collection, so the journey map shows it in the support lane. Closing a closed task keeps the first resolution.',
    success: { description: '{ task, event } (event: whether the person could be named by an id and the event was recorded)' }, errors: [invalid, notFound],
  },
  {
    method: 'post', path: '/v1/tasks/scan', tag: 'Service', summary: 'Scan for new signals now and create their tasks', auth: 'admin',
    description: 'What the server does every `service.everyMinutes`: negative feedback, failed payments, repeated support contacts, churn risk from the latest scoring run, lifecycle moments since the cursor; one task per dedupe key. Audited (service.scan).',
    success: { description: '{ ranAt, since, proposed, created, bySource }' }, errors: [],
  },
];
