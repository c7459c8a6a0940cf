/**
 * Calendar schedules as people write them: `daily at 03:00`, `daily job at 09:00`, `weekly on
 * Sundays at 04:00`, `weekdays at 7:30`, `monthly, on the 1st at 02:00`, `on the 15th of every
 * month at 6pm` — each turned into a cron expression (minute hour day-of-month month day-of-week).
 */

const DAYS = ['sun', 'mon', 'tues', 'wednes', 'thurs', 'fri', 'satur'];

/** Finds a calendar schedule phrase in text; anchored on its leading word, so linear on any line. */
export const CALENDAR_PHRASE = new RegExp(
  String.raw`\b(?:(daily|nightly|every day|each day|every night|each night)(?:\s+(?:job|run|task))?` +
    String.raw`|(?:weekly(?:\s*,)?\s+)?(?:on\s+|every\s+)?(${DAYS.join('|')})days?` +
    String.raw`|(?:every\s+|on\s+)?(weekdays?)` +
    String.raw`|monthly(?:\s*,)?\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?(?:\s+of\s+(?:the|each|every)\s+month)?` +
    String.raw`|on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?\s+of\s+(?:the|each|every)\s+month)` +
    String.raw`(?:\s*,)?\s+at\s+(\d{1,2})(?::(\d{2}))?(?:\s*(am|pm))?(?:\s*(UTC|GMT))?\b`,
  'i',
);

/** The cron expression of a calendar phrase (the whole text), with whether it is in UTC; null when it is none. */
export function cronOfCalendar(text: string): { cron: string; utc: boolean } | null {
  const m = new RegExp(`^\\s*${CALENDAR_PHRASE.source}\\s*$`, 'i').exec(text);
  if (!m) return null;
  const [, daily, weekday, weekdays, monthDay, monthDayOf, hourText, minuteText, half, zone] = m;
  let hour = Number(hourText);
  const minute = Number(minuteText ?? '0');
  if (half) hour = (hour % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
  if (hour > 23 || minute > 59) return null;
  const day = monthDay ?? monthDayOf;
  if (day !== undefined && (Number(day) < 1 || Number(day) > 31)) return null;
  const dayOfWeek = weekday ? String(DAYS.indexOf(weekday.toLowerCase())) : weekdays ? '1-5' : '*';
  if (!daily && !weekday && !weekdays && day === undefined) return null;
  return { cron: `${minute} ${hour} ${day ?? '*'} * ${dayOfWeek}`, utc: zone !== undefined };
}
