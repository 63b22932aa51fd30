import { describe, expect, it } from 'vitest';
import { commandDefinitions, commandToText, restBase } from '../../../adapters/discord/commands.js';

describe('slash commands', () => {
  it('THEN every definition is valid for Discord (names, descriptions, required options first)', () => {
    const defs = commandDefinitions() as any[];
    for (const d of defs) {
      expect(d.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(d.description.length).toBeLessThanOrEqual(100);
      const opts = d.options as any[];
      const firstOptional = opts.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(opts.slice(firstOptional).every((o) => !o.required || o.type === 1)).toBe(true);
    }
    expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
    expect(defs.length).toBeLessThanOrEqual(100);
  });

  it.each([
    [{ name: 'checkin', options: [] }, 'checkin'],
    [{ name: 'journal', subcommand: 'write', options: [{ name: 'text', value: 'hello there' }] }, 'journal hello there'],
    [{ name: 'journal', subcommand: 'list', options: [] }, 'journal list'],
    [{ name: 'exercise', options: [{ name: 'name', value: 'body-scan' }] }, 'exercise body-scan'],
    [{ name: 'exercise', options: [] }, 'exercise'],
    [{ name: 'pause', options: [{ name: 'duration', value: '2d' }] }, 'pause 2d'],
    [{ name: 'resolve', options: [{ name: 'note', value: 'safe now' }, { name: 'case', value: 4 }] }, 'resolve 4 safe now'],
    [{ name: 'checkin-time', options: [{ name: 'time', value: '09:30' }] }, 'checkin time 09:30'],
    [{ name: 'mydata', options: [] }, 'my data'],
    [{ name: 'deletemydata', options: [] }, 'delete my data'],
    [{ name: 'safetyplan', subcommand: 'show', options: [] }, 'my safety plan'],
    [{ name: 'safetyplan', subcommand: 'edit', options: [] }, 'edit safety plan'],
    [{ name: 'journal', subcommand: 'write', options: [] }, 'journal'],
    [{ name: 'afterglow', options: [{ name: 'command', value: 'journal list' }] }, 'journal list'],
  ])('maps %j to %s', (invoked, text) => {
    expect(commandToText(invoked)).toBe(text);
  });

  it('GIVEN an unknown command or subcommand THEN null', () => {
    expect(commandToText({ name: 'x', options: [] })).toBeNull();
    expect(commandToText({ name: 'journal', subcommand: 'x', options: [] })).toBeNull();
  });

  it('restBase accepts the base with or without the version', () => {
    expect(restBase('http://h/api/v10/')).toBe('http://h/api');
    expect(restBase('http://h/api')).toBe('http://h/api');
  });
});
