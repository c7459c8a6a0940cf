import { describe, expect, it } from 'vitest';
import { CALENDAR_PHRASE, cronOfCalendar } from '../../src/map/calendar-schedule.js';

describe('calendar schedules', () => {
  it('turns the calendar phrases people write into cron expressions', () => {
    expect(cronOfCalendar('Monthly, on the 1st at 02:00')).toEqual({ cron: '0 2 1 * *', utc: false });
    expect(cronOfCalendar('weekly on Sundays at 04:00')).toEqual({ cron: '0 4 * * 0', utc: false });
    expect(cronOfCalendar('daily job at 09:00 UTC')).toEqual({ cron: '0 9 * * *', utc: true });
    expect(cronOfCalendar('weekdays at 7:30')).toEqual({ cron: '30 7 * * 1-5', utc: false });
    expect(cronOfCalendar('on the 15th of every month at 6pm')).toEqual({ cron: '0 18 15 * *', utc: false });
  });

  it('refuses what is not a time of day or a day of the month', () => {
    expect(cronOfCalendar('daily at 25:00')).toBeNull();
    expect(cronOfCalendar('monthly on the 40th at 02:00')).toBeNull();
    expect(cronOfCalendar('at 02:00')).toBeNull();
    expect(cronOfCalendar('every 6 hours')).toBeNull();
  });

  it('finds the phrase inside a sentence', () => {
    expect(CALENDAR_PHRASE.exec('The retrainer runs weekly on Sundays at 04:00 from cron.')?.[0]).toBe('weekly on Sundays at 04:00');
  });
});
