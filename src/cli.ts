import { loadLibrary } from './app.js';
import { describeConfig, loadConfig, type Config } from './config.js';
import { listContent, previewContent } from './content/content-command.js';
import { CodedError, errorMessage } from './core/errors.js';
import { runChat, runStart, type Io } from './main.js';
import { casesReport, alertsReport } from './safety/reports.js';
import { migrate, openDatabase } from './store/database.js';
import { openExistingStore } from './store/store.js';

const USAGE = `Usage: afterglow <command>

  start                     run the bot (Slack/Discord when configured, else the console)
  chat [--script]           console chat; --script reads JSON lines on stdin
  migrate                   apply database migrations
  config --check            print the effective settings (secrets masked)
  screen [--explain]        screen one message per stdin line, print JSON lines (--explain: readable)
  cases                     list open crisis cases with their ages
  report alerts             counts by category and severity, time to acknowledge and resolve
  content list              list the content library
  content preview <id> [locale]  show an item as a patient would see it
  discord register          register Discord slash commands
  help                      this text`;

function io(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Run one CLI command; returns the exit code. Expected failures print one line, not a stack. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command = 'start', ...rest] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      out(USAGE);
      return 0;
    }
    const config: Config = loadConfig(env);
    switch (command) {
      case 'start':
        return await runStart(config, io());
      case 'chat':
        return await runChat(config, io(), { scripted: rest.includes('--script') });
      case 'migrate': {
        const db = openDatabase(config.dbPath);
        const { from, to } = migrate(db);
        out(from === to ? `Database ${config.dbPath} is up to date (schema ${to}).` : `Migrated ${config.dbPath} from schema ${from} to ${to}.`);
        db.close();
        return 0;
      }
      case 'config':
        if (!rest.includes('--check')) break;
        out(describeConfig(env).join('\n'));
        {
          // from the file and its hash, without loading the weights
          const { checkModel, describeModelStatus } = await import('./safety/screening/model/load-model.js');
          out(describeModelStatus(checkModel()));
        }
        out('Configuration is valid.');
        return 0;
      case 'screen': {
        const { screener } = loadLibrary(config);
        const { runScreenCommand } = await import('./safety/screen-command.js');
        return await runScreenCommand(process.stdin, process.stdout, screener, { explain: rest.includes('--explain'), minimalData: config.minimalData });
      }
      case 'cases': {
        const store = openExistingStore(config.dbPath);
        out(casesReport(store, new Date()));
        store.close();
        return 0;
      }
      case 'report': {
        if (rest[0] !== 'alerts') break;
        const store = openExistingStore(config.dbPath);
        out(alertsReport(store));
        store.close();
        return 0;
      }
      case 'content': {
        const { content } = loadLibrary(config);
        if (rest[0] === 'list') {
          out(listContent(content));
          return 0;
        }
        if (rest[0] === 'preview' && !rest[1]) {
          process.stderr.write('afterglow: content preview needs an id: see "afterglow content list"\n');
          return 64;
        }
        if (rest[0] === 'preview' && rest[1]) {
          out(previewContent(content, rest[1], rest[2] ?? 'en'));
          return 0;
        }
        break;
      }
      case 'discord': {
        if (rest[0] !== 'register') break;
        if (!config.discord) throw new CodedError('config_invalid', 'DISCORD_TOKEN is not set: nothing to register');
        const { registerCommands } = await import('../adapters/discord/commands.js');
        const { createLogger } = await import('./core/logger.js');
        const n = await registerCommands(config.discord, { logger: createLogger({ level: config.logLevel }) });
        out(`Registered ${n} slash commands for server ${config.discord.guildId}.`);
        return 0;
      }
    }
    process.stderr.write(`afterglow: unknown command "${[command, ...rest].join(' ').slice(0, 80)}"\n\n${USAGE}\n`);
    return 64;
  } catch (err) {
    if (err instanceof CodedError) {
      const prefix = err.code === 'config_invalid' ? 'config error: ' : `${err.code}: `;
      process.stderr.write(`afterglow: ${prefix}${err.message}\n`);
      return 2;
    }
    process.stderr.write(`afterglow: unexpected error: ${errorMessage(err)}\n`);
    return 1;
  }
}
