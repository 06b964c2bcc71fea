// The investigation queue: a bounded queue with a concurrency limit; each run's progress is stored as events
// and pushed to live listeners. The runner is injected (engine by default, an LLM analyst later).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertContext } from '../core/alert.js';
import { PilotError } from '../core/errors.js';
import type { Report } from '../report/schema.js';
import type { ServiceMetrics } from './metrics.js';
import type { Principal } from './roles.js';
import type { Tracer } from './tracing.js';
import type { InvestigationRecord, Store } from './store/store.js';

export interface InvestigationInput {
  incident: string;
  since?: string;
  until?: string;
  llm: string;
  /** The alert that started it, for the analysis (src/service/alerts); absent for investigations started by hand. */
  alert?: AlertContext;
}

export interface SubmitOptions {
  /** The id to use (an alert group claims it in the database before the run is created). */
  id?: string;
  /** A queue cap of the caller's own (alert storms queue deeper than hand-started runs). */
  maxQueued?: number;
}

/** Replicas on PostgreSQL: renews this instance's claim on its runs; what it no longer holds, another took over. */
export interface LeaseKeeper {
  renew(ids: string[]): Promise<Set<string>>;
  /** Gives runs back at shutdown, for another replica to take over at once. */
  release(ids: string[]): Promise<void>;
}

export interface RunContext {
  emit(type: string, data: unknown): void;
  signal: AbortSignal;
  caller: string;
}

export type InvestigationRunner = (input: InvestigationInput, ctx: RunContext) => Promise<Report>;

export interface QueueOptions {
  concurrency: number;
  maxQueued: number;
  /** This instance's name in the store (replicas tell their runs apart by it). */
  owner: string;
  heartbeatMs?: number;
  metrics?: ServiceMetrics;
  logger?: Logger;
  onAudit?: (principal: string, action: string, detail: Record<string, unknown>) => void;
  /** Told when a run starts and ends (notifications). */
  onStatus?: (id: string, status: 'running' | 'done' | 'failed', input: InvestigationInput) => void;
  lease?: LeaseKeeper;
  /** One span per run, the parent of the spans of its tool calls. */
  tracer?: Tracer;
}

interface Item {
  id: string;
  input: InvestigationInput;
  caller: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class InvestigationQueue {
  private readonly waiting: Item[] = [];
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly eventChains = new Map<string, Promise<unknown>>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly runner: InvestigationRunner,
    private readonly opts: QueueOptions,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), opts.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  get depth(): number {
    return this.waiting.length;
  }

  get runningCount(): number {
    return this.active.size;
  }

  async submit(
    input: InvestigationInput,
    principal: Principal,
    opts: SubmitOptions = {},
  ): Promise<InvestigationRecord> {
    if (this.closing)
      throw new PilotError('backend_unavailable', 'the service is shutting down; retry on another replica');
    const cap = opts.maxQueued ?? this.opts.maxQueued;
    if (this.waiting.length >= cap) {
      throw new PilotError('rate_limited', `the investigation queue is full (${cap} waiting)`, {
        hint: 'retry in a minute',
      });
    }
    const now = new Date().toISOString();
    const rec: InvestigationRecord = {
      id: opts.id ?? randomUUID(),
      status: 'queued',
      incident: input.incident,
      since: input.since ?? null,
      until: input.until ?? null,
      llm: input.llm,
      createdBy: principal.subject,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      error: null,
      report: null,
      culprit: null,
      confidence: null,
      owner: this.opts.owner,
      heartbeatAt: now,
    };
    await this.store.create(rec);
    this.opts.metrics?.investigations.inc({ status: 'accepted' });
    this.opts.onAudit?.(principal.subject, 'investigation.create', {
      id: rec.id,
      incident: input.incident,
      since: input.since,
      until: input.until,
      llm: input.llm,
    });
    this.waiting.push({ id: rec.id, input, caller: principal.subject });
    this.updateGauges();
    this.pump();
    return rec;
  }

  /** Runs a stored investigation this instance has just claimed (taken over from a replica that stopped). */
  adopt(id: string, input: InvestigationInput, caller: string): void {
    if (this.closing || this.active.has(id) || this.waiting.some((w) => w.id === id)) return;
    this.waiting.push({ id, input, caller });
    this.pump();
  }

  /** Wakes the listener when events of this investigation are stored; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private notify(id: string): void {
    for (const l of this.listeners.get(id) ?? []) l();
  }

  /** Events are written in order per investigation; a store failure loses the event, not the run. */
  private emit(id: string, type: string, data: unknown): Promise<unknown> {
    const prev = this.eventChains.get(id) ?? Promise.resolve();
    const next = prev
      .then(() => this.store.appendEvent(id, type, data))
      .catch((err: Error) =>
        this.opts.logger?.warn({ id, type, err: err.message }, 'could not store an investigation event'),
      )
      .then(() => this.notify(id));
    this.eventChains.set(id, next);
    return next;
  }

  private updateGauges(): void {
    this.opts.metrics?.queueDepth.set(this.waiting.length);
    this.opts.metrics?.running.set(this.active.size);
  }

  private pump(): void {
    while (!this.closing && this.active.size < this.opts.concurrency && this.waiting.length) {
      const item = this.waiting.shift()!;
      const controller = new AbortController();
      const done = this.run(item, controller.signal).finally(() => {
        this.active.delete(item.id);
        this.updateGauges();
        this.pump();
      });
      this.active.set(item.id, { controller, done });
    }
    this.updateGauges();
  }

  private async run(item: Item, signal: AbortSignal): Promise<void> {
    const log = this.opts.logger?.child({ investigation: item.id });
    const startedAt = new Date().toISOString();
    await this.persist(item.id, { status: 'running', startedAt, heartbeatAt: startedAt, owner: this.opts.owner });
    void this.emit(item.id, 'status', { status: 'running', owner: this.opts.owner });
    this.opts.onStatus?.(item.id, 'running', item.input);
    log?.info({ incident: item.input.incident }, 'investigation started');
    const span = this.opts.tracer?.startSpan(
      'investigation',
      { 'investigation.id': item.id, 'investigation.analyst': item.input.llm, 'enduser.id': item.caller },
      undefined,
      { kind: 'internal' },
    );
    const runNow = () =>
      this.runner(item.input, {
        emit: (type, data) => void this.emit(item.id, type, data),
        signal,
        caller: item.caller,
      });
    try {
      const report = await (span && this.opts.tracer ? this.opts.tracer.withSpan(span, runNow) : runNow());
      if (signal.aborted) {
        span?.end({ 'investigation.status': 'failed' }, 'interrupted by a shutdown');
        return; // shutdown already marked it failed
      }
      await this.eventChains.get(item.id);
      const root = report.rootCause;
      const culprit =
        [root.service, root.deployment, root.commit?.slice(0, 12)].filter(Boolean).join(' ') ||
        root.dependency ||
        root.category;
      await this.persist(item.id, {
        status: 'done',
        finishedAt: new Date().toISOString(),
        report,
        culprit,
        confidence: root.confidence,
      });
      await this.emit(item.id, 'done', { status: 'done', culprit, confidence: root.confidence });
      this.opts.metrics?.investigations.inc({ status: 'done' });
      this.opts.onAudit?.(item.caller, 'investigation.done', { id: item.id, culprit, confidence: root.confidence });
      this.opts.onStatus?.(item.id, 'done', item.input);
      log?.info({ culprit, confidence: root.confidence }, 'investigation done');
      span?.end({
        'investigation.status': 'done',
        'investigation.culprit': culprit,
        'investigation.confidence': root.confidence,
      });
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      span?.end({ 'investigation.status': 'failed' }, signal.aborted ? 'interrupted by a shutdown' : message);
      if (signal.aborted) return;
      await this.eventChains.get(item.id);
      await this.persist(item.id, { status: 'failed', finishedAt: new Date().toISOString(), error: message });
      await this.emit(item.id, 'done', { status: 'failed', error: message });
      this.opts.metrics?.investigations.inc({ status: 'failed' });
      this.opts.onAudit?.(item.caller, 'investigation.failed', { id: item.id, error: message });
      this.opts.onStatus?.(item.id, 'failed', item.input);
      log?.warn({ err: message }, 'investigation failed');
    } finally {
      this.eventChains.delete(item.id);
    }
  }

  /** A final status must not be lost to a short database outage: retried for up to two minutes. */
  private async persist(id: string, patch: Parameters<Store['update']>[1]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.update(id, patch);
        return;
      } catch (err) {
        if (attempt >= 60 || this.closing) {
          this.opts.logger?.error({ id, err: (err as Error).message }, 'could not store the investigation status');
          return;
        }
        await sleep(2000);
      }
    }
  }

  private async beat(): Promise<void> {
    const ids = [...this.active.keys(), ...this.waiting.map((w) => w.id)];
    if (this.opts.lease) {
      if (!ids.length) return;
      const held = await this.opts.lease.renew(ids).catch(() => undefined);
      if (!held) return; // the database is unreachable: keep running, the claim is checked again next beat
      for (const id of ids) {
        if (held.has(id)) continue;
        // Another replica took it over (this one stalled past its lease): stop without writing, never twice.
        this.opts.logger?.warn({ id }, 'lost the lease on an investigation; another replica runs it');
        this.active.get(id)?.controller.abort();
        const at = this.waiting.findIndex((w) => w.id === id);
        if (at >= 0) this.waiting.splice(at, 1);
      }
      this.updateGauges();
      return;
    }
    const now = new Date().toISOString();
    for (const id of ids) {
      await this.store.update(id, { heartbeatAt: now }).catch(() => {});
    }
  }

  /** Graceful shutdown: lets running investigations finish up to timeoutMs, then marks the rest failed. */
  async drain(timeoutMs: number, reason = 'interrupted by a shutdown'): Promise<{ drained: number; failed: number }> {
    this.closing = true;
    clearInterval(this.heartbeat);
    const running = [...this.active.values()].map((a) => a.done);
    const before = running.length;
    await Promise.race([Promise.allSettled(running), sleep(timeoutMs)]);
    const drained = before - this.active.size;
    const left = [...this.active.keys(), ...this.waiting.map((w) => w.id)];
    for (const [, a] of this.active) a.controller.abort();
    this.waiting.length = 0;
    if (this.opts.lease && left.length) {
      // Replicas: the runs go back to the shared database and another replica takes them over.
      const released = await this.opts.lease.release(left).then(
        () => true,
        () => false,
      );
      if (released) {
        for (const id of left) this.notify(id);
        return { drained, failed: 0 };
      }
    }
    for (const id of left) {
      await this.store
        .update(id, { status: 'failed', error: reason, finishedAt: new Date().toISOString() })
        .catch(() => {});
      this.opts.metrics?.investigations.inc({ status: 'failed' });
      this.notify(id);
    }
    return { drained, failed: left.length };
  }
}
