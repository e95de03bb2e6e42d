import type { Knex } from 'knex';
import * as m001 from './001_foundation';
import * as m002 from './002_hardening';
import * as m003 from './003_lifecycle';
import * as m004 from './004_outbox';
import * as m005 from './005_outbox_deferred';
import * as m006 from './006_calls';
import * as m007 from './007_scheduling';
import * as m008 from './008_availability';
import * as m009 from './009_tickets';
import * as m010 from './010_live_queue';
import * as m011 from './011_surveys';
import * as m012 from './012_quality';
import * as m013 from './013_queue_peaks';
import * as m014 from './014_chat_help';
import * as m015 from './015_documents';

const all: Record<string, { up(db: Knex): Promise<void>; down(db: Knex): Promise<void> }> = {
  '001_foundation': m001,
  '002_hardening': m002,
  '003_lifecycle': m003,
  '004_outbox': m004,
  '005_outbox_deferred': m005,
  '006_calls': m006,
  '007_scheduling': m007,
  '008_availability': m008,
  '009_tickets': m009,
  '010_live_queue': m010,
  '011_surveys': m011,
  '012_quality': m012,
  '013_queue_peaks': m013,
  '014_chat_help': m014,
  '015_documents': m015,
};

export const migrations: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(all).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => all[name]!,
};
