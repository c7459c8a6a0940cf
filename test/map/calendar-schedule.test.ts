import { describe, expect, it } from 'vitest';
import { cronOfCalendar, findCalendarPhrase } from '../../src/map/calendar-schedule.js';

describe('calendar schedules', () => {
  it('turns the calendar phrases people write into cron expressions', () => {
    expect(cronOfCalendar('Monthly, on the 1st at 02:00')).toEqual({ cron: '0 2 1 * *', utc: false });
    expect(cronOfCalendar('weekly on Sundays at 04:00')).toEqual({ cron: '0 4 * * 0', utc: false });
    expect(cronOfCalendar('daily job at 09:00 UTC')).toEqual({ cron: '0 9 * * *', utc: true });
    expect(cronOfCalendar('weekdays at 7:30')).toEqual({ cron: '30 7 * * 1-5', utc: false });
    expect(cronOfCalendar('on the 15th of every month at 6pm')).toEqual({ cron: '0 18 15 * *', utc: false });
  });

  it('reads the parts of a schedule in any order and with any small words between them', () => {
    expect(cronOfCalendar('monthly, 1st at 04:00')?.cron).toBe('0 4 1 * *');
    expect(cronOfCalendar('at 04:00 on the first of the month')?.cron).toBe('0 4 1 * *');
    expect(cronOfCalendar('every Monday at 06:00')?.cron).toBe('0 6 * * 1');
    expect(cronOfCalendar('Mon, Wed and Fri at 7pm')?.cron).toBe('0 19 * * 1,3,5');
    expect(cronOfCalendar('each night at midnight')?.cron).toBe('0 0 * * *');
    expect(cronOfCalendar('at 23:45 every day')?.cron).toBe('45 23 * * *');
    expect(cronOfCalendar('every quarter hour')?.cron).toBe('*/15 * * * *');
    expect(cronOfCalendar('every half hour')?.cron).toBe('*/30 * * * *');
    expect(cronOfCalendar('monthly')?.cron).toBe('0 0 1 * *');
    expect(cronOfCalendar('weekends at 10:00 UTC')).toEqual({ cron: '0 10 * * 0,6', utc: true });
  });

  it('refuses what is not a time of day, a day of the month or one schedule', () => {
    expect(cronOfCalendar('daily at 25:00')).toBeNull();
    expect(cronOfCalendar('monthly on the 40th at 02:00')).toBeNull();
    expect(cronOfCalendar('at 02:00')).toBeNull();
    expect(cronOfCalendar('at noon')).toBeNull();
    expect(cronOfCalendar('every 90 minutes')).toBeNull();
    expect(cronOfCalendar('the 1st release')).toBeNull();
    expect(cronOfCalendar('every other day')).toBeNull();
    expect(cronOfCalendar('hourly at 03:00')).toBeNull();
  });

  it('finds the phrase inside a sentence', () => {
    expect(findCalendarPhrase('The retrainer runs weekly on Sundays at 04:00 from cron.')).toBe('weekly on Sundays at 04:00');
    expect(findCalendarPhrase('billing_export is a monthly job that runs on the 1st at 04:00, reads x')).toBe('on the 1st at 04:00');
    expect(findCalendarPhrase('pricing recomputes every quarter hour and exits')).toBe('every quarter hour');
    expect(findCalendarPhrase('The parser sat idle; it runs on demand.')).toBeNull();
  });
});
