// The manifest a clinic pastes into Slack must ask for what the adapter uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as Record<string, any>;

describe('adapters/slack/manifest.yaml', () => {
  it('subscribes to the events the adapter listens to: DMs, group-circle channel posts (screened), mentions, App Home', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
  });
  it('has the scopes for DMs, channel posts, replies, the slash command and mentions, and nothing it does not use', () => {
    const scopes = manifest.oauth_config.scopes.bot as string[];
    for (const s of ['chat:write', 'im:history', 'im:write', 'commands', 'app_mentions:read', 'channels:history', 'groups:history']) expect(scopes).toContain(s);
    // Group DMs are not group circles, and the bot never joins channels by itself.
    for (const s of ['mpim:history', 'channels:join', 'channels:read', 'users:read']) expect(scopes).not.toContain(s);
  });
  it('declares /afterglow, interactivity, App Home and Socket Mode', () => {
    expect(manifest.features.slash_commands[0].command).toBe('/afterglow');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
