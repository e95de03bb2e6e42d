import type { TicketChannel } from '@oac/shared';

/*
 * Each colour has at least 4.5:1 against the white card, and the hues differ (blue, orange, green,
 * purple, ochre, magenta, grey); stacked segments are split by a white line, so neighbours stay apart.
 */
export const CHANNEL_COLOURS: Record<TicketChannel, string> = {
  appointment: '#1f4e79',
  on_demand: '#c2410c',
  callback: '#047857',
  phone: '#7e22ce',
  in_person: '#a16207',
  email: '#be185d',
  chat: '#4b5563',
};

export const SLA_COLOURS = { answered: '#1f4e79', owned: '#c2410c', resolved: '#047857' } as const;

export const CSAT_COLOUR = '#1f4e79';

/** Axis and grid lines: the ink's soft grey, 9:1 on white. */
export const AXIS_COLOUR = '#4a4a4a';
export const GRID_COLOUR = '#dcdcd8';
