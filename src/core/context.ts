import type { Config } from '../config.js';
import type { ContentLibrary, Vars } from '../content/types.js';
import type { Person } from '../store/people-repo.js';
import type { FlowState } from '../store/state-repo.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Address, InboundEvent, MessagePriority, OutboundMessage, Role } from './types.js';

/** Everything a handler may use, passed in explicitly (no singletons). */
export interface Services {
  store: Store;
  content: ContentLibrary;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Queue a message in the outbox and wake the dispatcher. Returns the outbox id (null if a duplicate key). */
  send(address: Address, message: OutboundMessage, options: SendOptions): number | null;
}

export interface SendOptions {
  priority: MessagePriority;
  purpose: string;
  personId?: number | null;
  caseId?: number | null;
  notBefore?: Date;
  idempotencyKey?: string;
}

export type ReplyInput = string | OutboundMessage;

/** One per inbound event: who sent it, what they said, and how to answer. */
export class Context {
  /** Set when the safety layer already answered with a crisis reply. */
  crisisHandled = false;
  /** Set by the safety layer: the lexicon request this message matched (someone asking for a person). */
  careRequest: { ruleId: string; lexiconVersion: string } | null = null;
  /**
   * Set when this event already got its answer (a request for a person was
   * passed on): later ordinary replies are dropped, but flows still save
   * what they save (a journal entry that asks for the therapist is kept).
   */
  answered = false;
  /** Set when the person's words were passed to the care team (an open case, or a request for a person). */
  passedToCareTeam = false;

  constructor(
    readonly event: InboundEvent,
    readonly services: Services,
    readonly person: Person,
    readonly roles: ReadonlySet<Role>,
  ) {}

  /** Posted in a group circle's channel (conversation kind `channel`), not a DM or the clinicians' own channel. */
  get inGroup(): boolean {
    return this.event.conversation.kind === 'channel';
  }
  get store(): Store {
    return this.services.store;
  }
  get locale(): string {
    return this.person.locale;
  }
  now(): Date {
    return this.services.clock.now();
  }
  nowIso(): string {
    return this.now().toISOString();
  }
  hasRole(role: Role): boolean {
    return this.roles.has(role) || (role !== 'admin' && this.roles.has('admin'));
  }
  /** Patient-facing text from prompts/, in the person's language. */
  t(key: string, vars?: Vars): string {
    return this.services.content.text(key, this.locale, vars);
  }
  /** The text of the event, trimmed; '' for choices. */
  get text(): string {
    return (this.event.text ?? '').trim();
  }

  /** The person's own direct conversation on the platform they wrote from. */
  get directAddress(): Address {
    return { platform: this.event.platform, kind: 'direct', id: this.event.from.userId };
  }

  /**
   * Answer where the event came from. In a group channel the answer is
   * ephemeral (only the sender sees it; adapters fall back to a DM), because
   * what the bot says to one person — their plan, their journal, their scores —
   * is never for the whole circle.
   */
  reply(input: ReplyInput, options: Partial<SendOptions> = {}): void {
    if (this.event.conversation.kind === 'channel') return this.replyQuietly(input, options);
    this.queue(this.event.conversation, input, options);
  }

  /** Answer the sender privately: their DM (group posts, crisis replies). */
  replyPrivately(input: ReplyInput, options: Partial<SendOptions> = {}): void {
    this.queue(this.directAddress, input, options);
  }

  /**
   * Answer in a direct conversation as usual, but in a group channel as an
   * ephemeral message (visible to the sender only) where the platform can,
   * so a refusal or a personal answer never lands in front of the group.
   */
  replyQuietly(input: ReplyInput, options: Partial<SendOptions> = {}): void {
    if (this.event.conversation.kind === 'direct') return this.reply(input, options);
    const message = typeof input === 'string' ? { text: input } : input;
    this.queue(this.event.conversation, { ...message, ephemeralTo: this.event.from.userId }, options);
  }

  private queue(address: Address, input: ReplyInput, options: Partial<SendOptions>): void {
    // After a crisis reply, a routine re-prompt ("please answer with a number") or a cheerful
    // confirmation would jar: the crisis reply is the answer. What the flow saved stays saved.
    if ((this.crisisHandled || this.answered) && options.priority !== 'crisis') return;
    const message: OutboundMessage = typeof input === 'string' ? { text: input } : { ...input };
    message.inReplyTo ??= this.event.id;
    this.services.send(address, message, {
      priority: options.priority ?? 'reply',
      purpose: options.purpose ?? 'reply',
      personId: options.personId ?? this.person.id,
      caseId: options.caseId ?? null,
      ...(options.notBefore ? { notBefore: options.notBefore } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
  }

  flowState(): FlowState | undefined {
    return this.store.state.get(this.person.id);
  }
  setFlowState(flow: string, step: string, data: Record<string, unknown> = {}): void {
    this.store.state.set(this.person.id, { flow, step, data }, this.nowIso());
  }
  clearFlowState(): void {
    this.store.state.clear(this.person.id);
  }
  audit(action: string, subject?: { type: string; id: string | number }, detail?: Record<string, unknown>): void {
    this.store.audit.record({
      at: this.nowIso(),
      action,
      actorPersonId: this.person.id,
      ...(subject ? { subjectType: subject.type, subjectId: subject.id } : {}),
      ...(detail ? { detail } : {}),
    });
  }
}
