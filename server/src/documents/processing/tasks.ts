import { AppError } from '@oac/shared';
import type { MessagePort } from 'node:worker_threads';
import { issuingTasks } from '../engine-tasks';
import { inspect } from './inspect';
import type { TaskOutcome } from './types';

/**
 * Everything the processing pool can run, by name. A task takes plain data (and MessagePorts,
 * ArrayBuffers) and returns plain data; it throws AppError to refuse. Adding a task is one entry.
 */
export const tasks = {
  inspect,
  ...issuingTasks,
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<N extends TaskName> = Parameters<Tasks[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<Tasks[N]>>;

export interface TaskMessage {
  name: TaskName;
  input: unknown;
  /** Told the moment the task starts, so that its time limit starts then and not in the queue. */
  started: MessagePort;
}

/** The worker's entry: runs one task and turns an AppError into data that survives the thread boundary. */
export async function dispatch({ name, input, started }: TaskMessage): Promise<TaskOutcome<unknown>> {
  started.postMessage('started');
  started.close();
  const task = tasks[name] as ((input: unknown) => Promise<unknown>) | undefined;
  if (!task) return { ok: false, error: { code: 'internal_error', message: `No processing task is called ${String(name)}.` } };
  try {
    return { ok: true, value: await task(input) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
    throw err;
  }
}
