// Each command imports only what it runs: `config --check` needs no SQLite,
// `cases` no content or screener, and nothing but `start` loads a platform SDK.
import { describeConfig, loadConfig, type Config } from './config.js';
import { CodedError, errorMessage } from './core/errors.js';
import type { Io } from './main.js';

const USAGE = `Usage: afterglow <command>

  start                     run the bot (Slack/Discord when configured, else the console)
  chat [--script]           console chat; --script reads JSON lines on stdin
  migrate                   apply database migrations
  backup <file>             online copy of the database, verified by reopening it
  restore <file>            replace the database with a verified backup (bot stopped)
  doctor                    health check: settings, database, lock, tokens, model, content, time zones
  config --check            print the effective settings (secrets masked)
  screen [--explain]        screen one message per stdin line, print JSON lines (--explain: readable)
  cases                     list open crisis cases with their ages
  patient <person> [--out chart.png]  a patient's sessions, scores, side effects, cases and plan
  chart <person> [--out chart.png]    their trend chart as a PNG (or a text sparkline)
  report alerts             counts by category and severity, time to acknowledge and resolve,
                            the weekly false-alarm rate from clinicians' feedback
  screener feedback [--json]  clinicians' feedback on the screener, one item a line
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
    if (command === 'doctor') {
      const { doctor } = await import('./ops/doctor.js');
      return doctor(env, out);
    }
    const config: Config = loadConfig(env);
    switch (command) {
      case 'start': {
        const { runStart } = await import('./main.js');
        return await runStart(config, io());
      }
      case 'chat': {
        const { runChat } = await import('./main.js');
        return await runChat(config, io(), { scripted: rest.includes('--script') });
      }
      case 'migrate': {
        const { migrate, openDatabase } = await import('./store/database.js');
        const db = openDatabase(config.dbPath);
        const { from, to } = migrate(db);
        out(from === to ? `Database ${config.dbPath} is up to date (schema ${to}).` : `Migrated ${config.dbPath} from schema ${from} to ${to}.`);
        db.close();
        return 0;
      }
      case 'backup': {
        const { backupCommand } = await import('./ops/backup-command.js');
        return await backupCommand(config, rest[0], out);
      }
      case 'restore': {
        const { restoreCommand } = await import('./ops/backup-command.js');
        return await restoreCommand(config, rest[0], out);
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
        const { loadLibrary } = await import('./app.js');
        const { screener } = loadLibrary(config);
        const { runScreenCommand } = await import('./safety/screen-command.js');
        return await runScreenCommand(process.stdin, process.stdout, screener, { explain: rest.includes('--explain'), minimalData: config.minimalData });
      }
      case 'cases': {
        const { openExistingStore } = await import('./store/store.js');
        const { casesReport } = await import('./safety/reports.js');
        const store = openExistingStore(config.dbPath);
        out(casesReport(store, new Date()));
        store.close();
        return 0;
      }
      case 'patient':
      case 'chart': {
        const { runPatientCli } = await import('./flows/patient-cli.js');
        return await runPatientCli(config, command, rest, out);
      }
      case 'report': {
        if (rest[0] !== 'alerts') break;
        const { openExistingStore } = await import('./store/store.js');
        const { alertsReport } = await import('./safety/reports.js');
        const store = openExistingStore(config.dbPath);
        out(alertsReport(store, config.rota.timezone));
        store.close();
        return 0;
      }
      case 'screener': {
        if (rest[0] !== 'feedback') break;
        const { openExistingStore } = await import('./store/store.js');
        const { feedbackItems, feedbackLine } = await import('./safety/feedback-report.js');
        const store = openExistingStore(config.dbPath);
        const items = feedbackItems(store, { minimalData: config.minimalData });
        store.close();
        if (rest.includes('--json')) for (const item of items) out(JSON.stringify(item));
        else out(items.length ? items.map(feedbackLine).join('\n') : 'No screener feedback yet.');
        return 0;
      }
      case 'content': {
        const { loadLibrary } = await import('./app.js');
        const { listContent, previewContent } = await import('./content/content-command.js');
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
