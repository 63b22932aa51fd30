import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import type { Address, Role } from '../core/types.js';
import type { Person } from '../store/people-repo.js';
import type { Group, ScheduleRepo } from '../store/schedule-repo.js';
import { findPerson } from './clinician.js';
import { canonicalTimeZone } from './parse.js';
import type { Command } from './router.js';

const FACILITATOR: Role[] = ['facilitator'];
const NAME = '([\\w-]{1,40})';

/** Staff commands report bad input as one clear line and change nothing. */
export function guarded(run: (ctx: Context, args: string[]) => void): (ctx: Context, args: string[]) => void {
  return (ctx, args) => {
    try {
      run(ctx, args);
    } catch (err) {
      if (err instanceof CodedError && ['schedule_invalid', 'input_invalid', 'not_found', 'permission_denied'].includes(err.code))
        return ctx.replyQuietly(err.message);
      throw err;
    }
  };
}

export function requireGroup(repo: ScheduleRepo, name: string): Group {
  const g = repo.groupByName(name);
  if (!g) throw new CodedError('not_found', `There is no group called "${name}". Type "groups" to see them.`);
  return g;
}

/** Only the group's own facilitators and admins may change a group; every refusal is audited. */
export function requireGroupLead(ctx: Context, repo: ScheduleRepo, group: Group, action: string): void {
  if (ctx.hasRole('admin') || repo.isMember(group.id, ctx.person.id, 'facilitator')) return;
  ctx.audit('group.refused', { type: 'group', id: group.id }, { action });
  throw new CodedError('permission_denied', `Only the facilitators of "${group.name}" and admins can ${action}. Ask one of them, or an admin, to add you with "group facilitator ${group.name} <you>".`);
}

export function requirePerson(ctx: Context, ref: string): Person {
  const p = findPerson(ctx, ref);
  if (!p) throw new CodedError('not_found', `I don't know anyone called "${ref}". They need to have written to the bot once.`);
  return p;
}

export function createGroupCommands(repo: ScheduleRepo): Command[] {
  return [
    {
      name: 'groups',
      pattern: /^groups$/i,
      usage: 'groups',
      summary: 'list groups with members, facilitators and channel',
      roles: FACILITATOR,
      run(ctx) {
        const groups = repo.groups();
        if (groups.length === 0) return ctx.replyQuietly('No groups yet. Create one with "group create <name>".');
        const handle = (id: number) => ctx.store.people.get(id)?.handle ?? `#${id}`;
        ctx.replyQuietly(
          groups
            .map((g) => {
              const leads = repo.members(g.id, 'facilitator').map(handle).join(', ') || 'none';
              const where = g.channel && 'id' in g.channel ? `channel ${g.channel.id}` : 'no channel';
              return `• ${g.name} — ${repo.memberCount(g.id)} members · facilitators: ${leads} · ${where} · ${g.timezone}`;
            })
            .join('\n'),
        );
      },
    },
    {
      name: 'group create',
      pattern: new RegExp(`^group create ${NAME}(?: (\\S{1,64}))?$`, 'i'),
      usage: 'group create <name> [time zone]',
      summary: 'create a group (you become its facilitator)',
      roles: FACILITATOR,
      run: guarded((ctx, [name, zone]) => {
        const tz = zone ? canonicalTimeZone(zone) : ctx.person.timezone;
        if (!tz) throw new CodedError('schedule_invalid', `"${zone}" is not a time zone I know; use an IANA name such as America/New_York.`);
        if (repo.groupByName(name!)) throw new CodedError('input_invalid', `A group called "${name}" already exists.`);
        const g = repo.transaction(() => {
          const g = repo.createGroup(name!, tz, ctx.person.id, ctx.nowIso());
          repo.addMember(g.id, ctx.person.id, 'facilitator', ctx.nowIso());
          return g;
        });
        ctx.audit('group.created', { type: 'group', id: g.id }, { name: g.name, timezone: tz });
        ctx.replyQuietly(`Group "${g.name}" created (${tz}); you are its facilitator. Add people with "group add ${g.name} <person>...".`);
      }),
    },
    {
      name: 'group add',
      pattern: new RegExp(`^group add ${NAME} (\\S[\\s\\S]{0,2000})$`, 'i'),
      usage: 'group add <name> <person>...',
      summary: 'enrol members in a group',
      roles: FACILITATOR,
      run: guarded((ctx, [name, list]) => {
        const g = requireGroup(repo, name!);
        requireGroupLead(ctx, repo, g, 'add members');
        const refs = list!.split(/[\s,]+/).filter(Boolean);
        // Check everyone before changing anything: one bad name means no change at all.
        const people = refs.map((r) => requirePerson(ctx, r));
        const seen = new Set<number>();
        for (const [i, p] of people.entries()) {
          if (seen.has(p.id)) throw new CodedError('input_invalid', `"${refs[i]}" is listed twice. Nothing was changed.`);
          seen.add(p.id);
          if (repo.isMember(g.id, p.id, 'member')) throw new CodedError('input_invalid', `${p.handle} is already in "${g.name}". Nothing was changed.`);
        }
        repo.transaction(() => {
          for (const p of people) repo.addMember(g.id, p.id, 'member', ctx.nowIso());
        });
        ctx.audit('group.members_added', { type: 'group', id: g.id }, { people: people.map((p) => p.id) });
        ctx.replyQuietly(`Added ${people.map((p) => p.handle).join(', ')} to "${g.name}" (${repo.memberCount(g.id)} members).`);
      }),
    },
    {
      name: 'group remove',
      pattern: new RegExp(`^group remove ${NAME} (\\S{1,80})$`, 'i'),
      usage: 'group remove <name> <person>',
      summary: 'remove a member from a group',
      roles: FACILITATOR,
      run: guarded((ctx, [name, ref]) => {
        const g = requireGroup(repo, name!);
        requireGroupLead(ctx, repo, g, 'remove members');
        const p = requirePerson(ctx, ref!);
        if (!repo.removeMember(g.id, p.id, 'member')) throw new CodedError('input_invalid', `${p.handle} is not in "${g.name}".`);
        ctx.audit('group.member_removed', { type: 'group', id: g.id }, { person: p.id });
        ctx.replyQuietly(`Removed ${p.handle} from "${g.name}".`);
      }),
    },
    {
      name: 'group facilitator',
      pattern: new RegExp(`^group facilitator ${NAME} (\\S{1,80})$`, 'i'),
      usage: 'group facilitator <name> <person>',
      summary: 'make someone a co-facilitator of a group',
      roles: FACILITATOR,
      run: guarded((ctx, [name, ref]) => {
        const g = requireGroup(repo, name!);
        requireGroupLead(ctx, repo, g, 'add facilitators');
        const p = requirePerson(ctx, ref!);
        if (!repo.addMember(g.id, p.id, 'facilitator', ctx.nowIso())) throw new CodedError('input_invalid', `${p.handle} already facilitates "${g.name}".`);
        ctx.audit('group.facilitator_added', { type: 'group', id: g.id }, { person: p.id });
        ctx.replyQuietly(`${p.handle} now facilitates "${g.name}".`);
      }),
    },
    {
      name: 'group channel',
      pattern: new RegExp(`^group channel ${NAME} (\\S{1,80})$`, 'i'),
      usage: 'group channel <name> <channel-id|here|none>',
      summary: "set the group's channel (prompts to the channel, safety notes to its facilitators)",
      roles: FACILITATOR,
      run: guarded((ctx, [name, where]) => {
        const g = requireGroup(repo, name!);
        requireGroupLead(ctx, repo, g, 'change its channel');
        let address: Address | null;
        if (/^none$/i.test(where!)) address = null;
        else if (/^here$/i.test(where!)) {
          if (ctx.event.conversation.kind !== 'channel') throw new CodedError('input_invalid', '"here" only works when typed in the group\'s channel.');
          address = { platform: ctx.event.platform, kind: 'channel', id: ctx.event.conversation.id };
        } else address = { platform: ctx.event.platform, kind: 'channel', id: where!.replace(/^#/, '') }; // adapters write channel mentions as #<id>
        const other = address && repo.groupByChannel(address);
        if (other && other.id !== g.id) throw new CodedError('input_invalid', `That channel already belongs to "${other.name}".`);
        repo.setGroupChannel(g.id, address);
        ctx.audit('group.channel_set', { type: 'group', id: g.id }, { channel: address && 'id' in address ? address.id : null });
        ctx.replyQuietly(address && 'id' in address ? `"${g.name}" now posts to channel ${address.id}.` : `"${g.name}" has no channel now.`);
      }),
    },
  ];
}

/** Facilitators of the group whose channel this is (the safety middleware tells them of risky posts). */
export function facilitatorsFor(repo: ScheduleRepo, people: { get(id: number): Person | undefined }, conversation: Address): Person[] {
  if (conversation.kind !== 'channel') return [];
  const g = repo.groupByChannel(conversation);
  if (!g) return [];
  return repo
    .members(g.id, 'facilitator')
    .map((id) => people.get(id))
    .filter((p): p is Person => p !== undefined);
}
