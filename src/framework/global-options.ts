import type { OptionSpecs } from './command.js';

/** Options every command takes, before or after its name. */
export const GLOBAL_OPTIONS = {
  databaseUrl: { type: 'string', metavar: 'URL', help: 'PostgreSQL server URL (default: $DATABASE_URL, else the embedded database)' },
  dataDir: { type: 'string', metavar: 'DIR', help: 'folder of the embedded database (default: $ACCESSCTL_DATA_DIR or $XDG_DATA_HOME/accessctl)' },
  userModel: {
    type: 'string',
    metavar: 'APP_LABEL.MODEL',
    help: "the project's AUTH_USER_MODEL (default: $ACCESSCTL_USER_MODEL, accessctl.config.json, else auth.User)",
  },
  schema: { type: 'string', metavar: 'NAME', help: "the schema Django's tables are in (default: the URL's search_path, accessctl.config.json, else public)" },
  verbosity: { type: 'number', default: 1, metavar: '{0,1,2,3}', choices: ['0', '1', '2', '3'], help: '0 prints only warnings and errors; 2 and 3 print more' },
  noColor: { type: 'boolean', help: 'no colour in the output (also with NO_COLOR set)' },
  traceback: { type: 'boolean', help: 'print the stack trace of an error' },
  lockTimeout: { type: 'number', default: 30, metavar: 'SECONDS', help: 'give up waiting for a lock after SECONDS (default 30; 0 waits for ever); nothing is changed' },
  wait: { type: 'boolean', help: 'wait (up to --lock-timeout) for an embedded database another process is using' },
  help: { type: 'boolean', shortFlag: 'h', help: 'show this help and exit' },
} as const satisfies OptionSpecs;

/** Global options that take a value: the pre-scan that finds the command name must skip their values. */
export const GLOBAL_VALUE_FLAGS = new Set(['--database-url', '--data-dir', '--user-model', '--schema', '--verbosity', '--lock-timeout']);
