import { serviceTaskCloseSchema, serviceTaskPatchSchema, serviceTaskQuerySchema, type ServiceScanResult, type ServiceTask, type ServiceTaskListAnswer } from '@trailmap/core';
import { closeServiceTask, getServiceTask, listServiceTasks, updateServiceTask, type StateStore } from '@trailmap/state';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Auditor } from '../audit/auditor.js';
import { actorOf } from '../audit/auditor.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import type { ServiceTaskRunner } from '../service/service-task-runner.js';

export const taskListQuery = serviceTaskQuerySchema;
export const taskParams = z.object({ id: z.string().min(1).max(100) }).strict();

const noTask = (id: string) => new ApiError(404, 'not_found', `no service task has the id ${JSON.stringify(id)}`);

function idOf(params: unknown): string {
  const p = taskParams.safeParse(params);
  if (!p.success) throw invalidDefinition(p.error, 'task id');
  return p.data.id;
}

/** The service task list (docs/service.md): read it, assign / re-prioritise / close, scan for new signals now. Writes are audited. */
export function tasksRoutes(app: FastifyInstance, state: StateStore, runner: ServiceTaskRunner, auditor: Auditor, now: () => number): void {
  app.get('/v1/tasks', async (req): Promise<ServiceTaskListAnswer> => {
    const q = taskListQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'task query');
    return listServiceTasks(state, q.data, new Date(now()));
  });

  app.get('/v1/tasks/:id', async (req): Promise<{ task: ServiceTask }> => {
    const id = idOf(req.params);
    const task = await getServiceTask(state, id);
    if (!task) throw noTask(id);
    return { task };
  });

  app.patch('/v1/tasks/:id', async (req): Promise<{ task: ServiceTask }> => {
    const id = idOf(req.params);
    const body = serviceTaskPatchSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'task change');
    const r = await state.transaction(async (tx) => {
      const done = await updateServiceTask(tx, id, body.data);
      if (done && !done.closed) await auditor.record(req, { action: 'task.update', target: `task:${id}`, detail: { ...body.data } }, tx);
      return done;
    });
    if (!r) throw noTask(id);
    if (r.closed) throw new ApiError(409, 'task_closed', `the service task ${id} is closed; a closed task is not changed`);
    return { task: r.task };
  });

  app.post('/v1/tasks/:id/close', async (req): Promise<{ task: ServiceTask; event: boolean }> => {
    const id = idOf(req.params);
    const body = serviceTaskCloseSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'task close');
    const r = await state.transaction(async (tx) => {
      const done = await closeServiceTask(tx, id, body.data.resolution, new Date(now()));
      if (done?.changed) await auditor.record(req, { action: 'task.close', target: `task:${id}`, detail: { source: done.task.source, priority: done.task.priority } }, tx);
      return done;
    });
    if (!r) throw noTask(id);
    // Recorded again when the task was already closed: the event's messageId is the task's, so it is stored once.
    const event = (await runner.events.record([{ task: r.task, what: 'closed' }])) > 0;
    return { task: r.task, event };
  });

  app.post('/v1/tasks/scan', async (req): Promise<ServiceScanResult> => runner.scan(actorOf(req), req.ip));
}
